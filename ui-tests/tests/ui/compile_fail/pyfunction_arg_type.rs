//! An argument type with no conversion from Python: the error names `FromPyObject`.

use abide::prelude::*;

struct Point {
    x: f64,
    y: f64,
}

#[pyfunction]
fn norm(p: Point) -> f64 {
    (p.x * p.x + p.y * p.y).sqrt()
}

fn main() {}
