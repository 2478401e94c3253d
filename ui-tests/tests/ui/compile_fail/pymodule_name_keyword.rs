//! A module named after a Python keyword: `import class` is a syntax error.

use abide::prelude::*;

#[pymodule(name = "class")]
fn class(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
