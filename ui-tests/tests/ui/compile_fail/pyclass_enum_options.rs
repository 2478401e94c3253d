//! Options that a `#[pyclass]` enum has built in, or cannot have.

use abide::prelude::*;

#[pyclass(eq, hash, subclass)]
enum Color {
    Red,
    Green,
}

fn main() {}
