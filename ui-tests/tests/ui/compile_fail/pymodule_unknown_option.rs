//! An option `#[pymodule]` does not know (PyO3's `gil_used`).

use abide::prelude::*;

#[pymodule(gil_used = false)]
fn hello(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
