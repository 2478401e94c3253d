//! PENDING (macro message to fix). Today: "symbol `PyModExport_hello` is already defined"
//! at the second `#[pymodule(...)]`, which does not say what to do. Expected: "a module
//! named `hello` is already defined in this crate; give this one another
//! `name = "..."`" (or at least the same span with that hint).
//!
//! Two modules with the same Python name export the same `PyModExport_` symbol.

use abide::prelude::*;

#[pymodule]
fn hello(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

#[pymodule(name = "hello")]
fn hello_again(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 43)
}

fn main() {}
