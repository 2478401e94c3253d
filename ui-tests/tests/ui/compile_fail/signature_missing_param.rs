//! A parameter left out of the signature.

use abide::prelude::*;

#[pyfunction(signature = (a))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
