//! Options whose values are of the wrong kind: each names what it takes.

use abide::prelude::*;

#[pyclass(module = geometry, frozen = true, extends = "Shape")]
struct Point {
    x: f64,
}

fn main() {}
