//! An option `#[pymodule]` does not know, and one with a value of the wrong kind.

use abide::prelude::*;

#[pymodule(gil_use = false, gil_used = "no")]
fn hello(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
