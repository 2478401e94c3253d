//! A unit variant in an enum whose variants carry data: each variant is a class, so it
//! needs `()` or `{}` (PyO3's rule).

use abide::prelude::*;

#[pyclass]
enum Shape {
    Circle(f64),
    Square { side: f64 },
    Empty,
    Nothing,
}

fn main() {}
