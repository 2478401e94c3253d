//! A parameter listed twice in the signature.

use abide::prelude::*;

#[pyfunction(signature = (a, b, a))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
