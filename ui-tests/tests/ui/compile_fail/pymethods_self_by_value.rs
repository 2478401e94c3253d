//! A method taking `self` by value: Python objects cannot be moved out of.

use abide::prelude::*;

#[pyclass]
struct Counter {
    count: u64,
}

#[pymethods]
impl Counter {
    fn into_count(self) -> u64 {
        self.count
    }
}

fn main() {}
