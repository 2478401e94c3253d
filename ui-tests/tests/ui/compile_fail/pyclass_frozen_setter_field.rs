//! A field setter on a `frozen` class.

use abide::prelude::*;

#[pyclass(frozen)]
struct Point {
    #[py(get, set)]
    x: f64,
}

fn main() {}
