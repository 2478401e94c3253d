//! A deleter takes nothing but the receiver.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: Option<f64>,
}

#[pymethods]
impl Point {
    #[getter]
    fn x(&self) -> Option<f64> {
        self.x
    }

    #[deleter]
    fn delete_x(&mut self, value: f64) {
        let _ = value;
        self.x = None;
    }
}

fn main() {}
