//! `__hash__` must return an integer.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    fn __hash__(&self) -> f64 {
        self.x
    }
}

fn main() {}
