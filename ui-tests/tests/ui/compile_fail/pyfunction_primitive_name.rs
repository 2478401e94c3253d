//! A `#[pyfunction]` named like a primitive type (here Python's `str`): its hidden
//! companion type would shadow `str` in the module.

use abide::prelude::*;

#[pyfunction]
fn str(obj: Object<'_>) -> PyResult<String> {
    obj.str()
}

fn main() {}
