//! A `#[pymodule]` function without the module parameter.

use abide::prelude::*;

#[pymodule]
fn hello() -> PyResult<()> {
    Ok(())
}

fn main() {}
