//! PENDING (macro message to fix). Today: "mismatched types: expected `Object<'_>`, found
//! `&Module<'_>`" at the `#[pymodule]` attribute (reads backwards to the user). Expected,
//! at `Object<'_>`: "the parameter of a #[pymodule] function is the module:
//! `m: &Module<'_>`".
//!
//! A `#[pymodule]` parameter that is not `&Module<'_>`.

use abide::prelude::*;

#[pymodule]
fn hello(m: Object<'_>) -> PyResult<()> {
    let _ = m;
    Ok(())
}

fn main() {}
