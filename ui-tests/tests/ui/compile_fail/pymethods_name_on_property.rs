//! `name` in `#[py(...)]` where it names nothing: on a constructor, and on a getter
//! (whose property is named in `#[getter(...)]`).

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[new]
    #[py(name = "create")]
    fn new(x: f64) -> Self {
        Point { x }
    }

    #[getter]
    #[py(name = "x_coordinate")]
    fn x(&self) -> f64 {
        self.x
    }
}

fn main() {}
