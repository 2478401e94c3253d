//! A return type with no conversion to Python: reported at the return type, naming
//! `IntoPyObject`.

use abide::prelude::*;

struct Point {
    x: f64,
    y: f64,
}

#[pyfunction]
fn origin() -> Point {
    Point { x: 0.0, y: 0.0 }
}

fn main() {}
