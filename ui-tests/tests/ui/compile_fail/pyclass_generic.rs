//! A `#[pyclass]` cannot be generic: Python needs one concrete type.

use abide::prelude::*;

#[pyclass]
struct Stack<T> {
    items: Vec<T>,
}

fn main() {}
