//! A signature entry that is not a parameter of the function.

use abide::prelude::*;

#[pyfunction(signature = (a, b, c = 0))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
