//! PENDING (macro message to fix). Today: "mismatched types: expected `Result<(), PyErr>`,
//! found `()`" at the `#[pymodule]` attribute. Expected, at the signature (`hello` or its
//! return type): "a #[pymodule] function returns `PyResult<()>`: write
//! `fn hello(m: &Module<'_>) -> PyResult<()>` and end with `Ok(())`".
//!
//! A `#[pymodule]` function that does not return `PyResult<()>`.

use abide::prelude::*;

#[pymodule]
fn hello(m: &Module<'_>) {
    let _ = m.add("ANSWER", 42);
}

fn main() {}
