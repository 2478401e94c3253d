//! A `#[getter]` that takes a parameter.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[getter]
    fn x(&self, scale: f64) -> f64 {
        self.x * scale
    }
}

fn main() {}
