//! A plain method without `self`: it needs `#[staticmethod]`.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    fn origin() -> f64 {
        0.0
    }
}

fn main() {}
