//! A `#[pymodule]` parameter that is not `&Module<'_>`: reported at its type.

use abide::prelude::*;

#[pymodule]
fn hello(m: Object<'_>) -> PyResult<()> {
    let _ = m;
    Ok(())
}

fn main() {}
