//! A `#[new]` constructor that returns something other than the class.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[new]
    fn new(x: f64) -> i64 {
        x as i64
    }
}

fn main() {}
