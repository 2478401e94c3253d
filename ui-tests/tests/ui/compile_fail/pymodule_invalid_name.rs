//! A module name Python cannot import.

use abide::prelude::*;

#[pymodule(name = "my-module")]
fn my_module(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
