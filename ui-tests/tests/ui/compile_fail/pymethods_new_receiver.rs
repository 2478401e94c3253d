//! A `#[new]` constructor with `self`: it creates the value, there is none yet.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[new]
    fn new(&self, x: f64) -> Self {
        Point { x }
    }
}

fn main() {}
