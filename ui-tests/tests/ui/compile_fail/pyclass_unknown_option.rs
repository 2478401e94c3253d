//! An option `#[pyclass]` does not know.

use abide::prelude::*;

#[pyclass(sequence, name = "Point")]
struct Point {
    x: f64,
}

fn main() {}
