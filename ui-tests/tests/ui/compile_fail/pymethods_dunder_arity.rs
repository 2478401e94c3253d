//! `__add__` without its operand.

use abide::prelude::*;

#[pyclass]
struct Point {
    x: f64,
}

#[pymethods]
impl Point {
    fn __add__(&self) -> f64 {
        self.x
    }
}

fn main() {}
