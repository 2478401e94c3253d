//! A `#[pyfunction]` cannot take `self`: methods go in a `#[pymethods]` block. Only this
//! error is reported (no cascade from the hidden items `#[pyfunction]` emits).

use abide::prelude::*;

struct Counter;

impl Counter {
    #[pyfunction]
    fn get(&self) -> i64 {
        0
    }
}

fn main() {}
