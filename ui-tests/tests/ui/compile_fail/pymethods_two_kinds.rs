//! A method cannot be both a static method and a class method.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[staticmethod]
    #[classmethod]
    fn origin() -> Point {
        Point { x: 0.0 }
    }
}

fn main() {}
