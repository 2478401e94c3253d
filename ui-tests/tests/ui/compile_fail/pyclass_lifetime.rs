//! A `#[pyclass]` cannot borrow: Python keeps objects alive as long as it likes.

use abide::prelude::*;

#[pyclass]
struct View<'a> {
    text: &'a str,
}

fn main() {}
