//! PyO3 reads class options from `#[pyo3(...)]` beside `#[pyclass]` too; abide only
//! from `#[pyclass(...)]`. One error, and the class still works for its methods.

use abide::prelude::*;

#[pyclass]
#[pyo3(name = "Point2D", frozen)]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    fn norm(&self) -> f64 {
        self.x.abs()
    }
}

fn main() {}
