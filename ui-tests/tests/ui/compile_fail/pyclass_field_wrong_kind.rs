//! A field option with a value of the wrong kind, and one given twice.

use abide::prelude::*;

#[pyclass]
struct Point {
    #[py(get = true, name = label)]
    x: f64,
    #[py(get)]
    #[py(set, get)]
    y: f64,
}

fn main() {}
