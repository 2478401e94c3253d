//! PyO3's `text_signature`, which abide derives from the parameters.

use abide::prelude::*;

#[pyfunction(signature = (a, b = 1), text_signature = "(a, b=1)")]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
