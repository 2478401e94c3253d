//! PENDING (macro message to fix). Today: two errors, the first a cascade from the
//! fallback ("associated `static` items are not allowed", at `#[pyfunction]`), then the
//! good one. Expected: only
//! "a #[pyfunction] has no `self`; put methods in a `#[pymethods] impl` block" at `&self`.
//!
//! A `#[pyfunction]` cannot take `self`: methods go in a `#[pymethods]` block.

use abide::prelude::*;

struct Counter;

impl Counter {
    #[pyfunction]
    fn get(&self) -> i64 {
        0
    }
}

fn main() {}
