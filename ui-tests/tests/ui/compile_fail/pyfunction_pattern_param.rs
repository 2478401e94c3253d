//! A destructuring pattern as a parameter: Python needs a name for it.

use abide::prelude::*;

#[pyfunction]
fn add((a, b): (i64, i64)) -> i64 {
    a + b
}

fn main() {}
