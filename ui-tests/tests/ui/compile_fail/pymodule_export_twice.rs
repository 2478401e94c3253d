//! Two modules with the same Python name in one Rust module: both would export
//! `PyModExport_hello`. The reserved `PyInit_hello` makes this a "defined multiple times"
//! error at the second module's name, where `name = "..."` picks another.

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
