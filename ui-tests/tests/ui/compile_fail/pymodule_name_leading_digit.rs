//! A module name that starts with a digit: `import 2fast` is a syntax error.

use abide::prelude::*;

#[pymodule(name = "2fast")]
fn fast(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
