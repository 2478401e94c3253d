//! Arguments where an attribute takes none or only the property's name.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[staticmethod(origin)]
    fn origin() -> f64 {
        0.0
    }

    #[getter(x, y)]
    fn x(&self) -> f64 {
        self.x
    }
}

fn main() {}
