//! `name` on a field that has no property: it would name nothing.

use abide::prelude::*;

#[pyclass]
struct Point {
    #[py(name = "x_coordinate")]
    x: f64,
}

fn main() {}
