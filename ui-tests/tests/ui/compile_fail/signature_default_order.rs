//! A parameter without a default after one with a default.

use abide::prelude::*;

#[pyfunction(signature = (a = 1, b))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
