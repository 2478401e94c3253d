//! An enum whose variants carry data is frozen: a `&mut self` method could change the
//! variant under its class.

use abide::prelude::*;

#[pyclass]
enum Shape {
    Circle { r: f64 },
    Rect(f64, f64),
}

#[pymethods]
impl Shape {
    fn grow(&mut self) {
        if let Shape::Circle { r } = self {
            *r += 1.0;
        }
    }
}

fn main() {}
