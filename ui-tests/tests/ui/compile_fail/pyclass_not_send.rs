//! A `#[pyclass]` must be `Send`: any thread may use it on free-threaded Python.

use abide::prelude::*;
use std::rc::Rc;

#[pyclass]
struct Shared {
    data: Rc<Vec<i64>>,
}

fn main() {}
