//! `ord` without `eq`.

use abide::prelude::*;

#[pyclass(ord)]
#[derive(PartialEq, PartialOrd)]
struct Point {
    x: i64,
}

fn main() {}
