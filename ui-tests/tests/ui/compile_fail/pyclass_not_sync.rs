//! A `#[pyclass]` must be `Sync`: several threads may read it at once.

use abide::prelude::*;
use std::cell::Cell;

#[pyclass]
struct Counter {
    count: Cell<u64>,
}

fn main() {}
