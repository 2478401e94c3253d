//! A `#[setter]` must take exactly one value.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
    y: f64,
}

#[pymethods]
impl Point {
    #[setter]
    fn set_xy(&mut self, x: f64, y: f64) {
        self.x = x;
        self.y = y;
    }
}

fn main() {}
