// A class can only be extended if its #[pyclass] allows subclasses.
use abide::prelude::*;

#[pyclass]
struct Base {
    x: i64,
}

#[pyclass(extends = Base)]
struct Derived {
    y: i64,
}

fn main() {}
