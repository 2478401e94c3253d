//! A module's `name` written as an identifier, not a string.

use abide::prelude::*;

#[pymodule(name = geometry)]
fn geometry_module(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
