//! PyO3's `module` and `crate` options, which abide rejects with the reason, and options
//! left in `#[pyo3(...)]`.

use abide::prelude::*;

#[pymodule(module = "pkg", crate = "pyo3")]
mod hello {}

#[pymodule]
#[pyo3(name = "other")]
fn again(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
