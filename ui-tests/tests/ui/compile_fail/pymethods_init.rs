//! `__init__` instead of a `#[new]` constructor.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    fn __init__(&mut self, x: f64) {
        self.x = x;
    }
}

fn main() {}
