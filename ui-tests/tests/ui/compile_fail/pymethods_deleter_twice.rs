//! A property has one deleter.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: Option<f64>,
}

#[pymethods]
impl Point {
    #[deleter]
    fn delete_x(&mut self) {
        self.x = None;
    }

    #[deleter(x)]
    fn clear_x(&mut self) {
        self.x = None;
    }
}

fn main() {}
