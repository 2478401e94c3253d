//! PENDING (macro message to fix). Today the error's primary span is the `#[pyfunction]`
//! attribute. Expected: "`Point` cannot be returned to Python" with its primary span on
//! `Point` in `-> Point`, and the note naming `IntoPyObject`.
//!
//! A return type with no conversion to Python: the error names `IntoPyObject`.

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
