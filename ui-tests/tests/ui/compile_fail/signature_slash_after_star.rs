//! `/` after `*`: positional-only parameters must come first.

use abide::prelude::*;

#[pyfunction(signature = (a, *, b, /))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
