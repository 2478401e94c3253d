//! A built-in exception as a base: the message says what abide does, not "add
//! #[pyclass] to `PyValueError`".

use abide::exceptions::PyValueError;
use abide::prelude::*;

#[pyclass(extends = PyValueError)]
struct MyError {
    code: i32,
}

fn main() {}
