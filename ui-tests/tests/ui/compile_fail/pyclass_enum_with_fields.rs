//! `#[pyclass]` on an enum whose variants carry data.

use abide::prelude::*;

#[pyclass]
enum Shape {
    Circle(f64),
    Square { side: f64 },
    Empty,
}

fn main() {}
