//! Two methods with the same Python name: the second would silently replace the first.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    #[py(name = "value")]
    fn x(&self) -> f64 {
        self.x
    }

    #[py(name = "value")]
    fn doubled(&self) -> f64 {
        2.0 * self.x
    }
}

fn main() {}
