//! PyO3's `#[pyo3(signature = ...)]` under `#[pyfunction]`: abide takes the options in
//! `#[pyfunction(...)]` itself.

use abide::prelude::*;

#[pyfunction]
#[pyo3(signature = (a, b = 1))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn main() {}
