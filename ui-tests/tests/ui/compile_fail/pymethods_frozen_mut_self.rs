//! `&mut self` on a `frozen` class, which has no exclusive access at all.

use abide::prelude::*;

#[pyclass(frozen)]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    fn shift(&mut self, dx: f64) {
        self.x += dx;
    }
}

fn main() {}
