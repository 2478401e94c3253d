//! `signature` written as a string (as for `text_signature`), not in parentheses.

use abide::prelude::*;

#[pyfunction(signature = "a, b = 1")]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
