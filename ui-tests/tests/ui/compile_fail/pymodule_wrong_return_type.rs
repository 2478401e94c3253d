//! A `#[pymodule]` function that returns something other than `PyResult<()>`: reported
//! at the return type.

use abide::prelude::*;

#[pymodule]
fn hello(m: &Module<'_>) -> PyResult<usize> {
    m.add("ANSWER", 42)?;
    Ok(1)
}

fn main() {}
