//! A method and a property of one Python name: one would silently hide the other.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[getter]
    fn value(&self) -> f64 {
        self.x
    }

    #[py(name = "value")]
    fn value_method(&self) -> f64 {
        self.x
    }
}

fn main() {}
