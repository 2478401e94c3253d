//! A base that is not a #[pyclass] (a plain Rust struct).

use abide::prelude::*;

struct Plain;

#[pyclass(extends = Plain)]
struct Sub {
    x: i32,
}

fn main() {}
