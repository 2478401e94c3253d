//! `#[pyclass]` on an enum.

use abide::prelude::*;

#[pyclass]
enum Color {
    Red,
    Green,
}

fn main() {}
