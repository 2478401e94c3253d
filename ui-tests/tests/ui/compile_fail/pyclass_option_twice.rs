//! An option given twice, and every other problem of the same list reported with it.

use abide::prelude::*;

#[pyclass(frozen, get_all, mapping, frozen, name = Point)]
struct Point {
    x: f64,
}

fn main() {}
