//! A `#[classmethod]` without its `cls` parameter.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[classmethod]
    fn origin() -> Point {
        Point { x: 0.0 }
    }
}

fn main() {}
