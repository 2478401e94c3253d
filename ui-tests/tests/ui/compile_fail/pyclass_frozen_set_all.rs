//! `set_all` on a `frozen` class.

use abide::prelude::*;

#[pyclass(frozen, get_all, set_all)]
struct Point {
    x: f64,
    y: f64,
}

fn main() {}
