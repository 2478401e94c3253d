//! `eq` on a struct that does not implement `PartialEq`: reported at the option.

use abide::prelude::*;

#[pyclass(eq)]
struct Point {
    x: i64,
}

fn main() {}
