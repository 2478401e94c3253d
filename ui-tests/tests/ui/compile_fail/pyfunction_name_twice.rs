//! `name` given twice.

use abide::prelude::*;

#[pyfunction(name = "plus", name = "add")]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
