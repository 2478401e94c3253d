//! A special method name abide does not support.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    fn __foo__(&self) -> f64 {
        self.x
    }
}

fn main() {}
