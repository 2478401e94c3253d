//! An option `#[pyfunction]` does not know (PyO3's `pass_module`).

use abide::prelude::*;

#[pyfunction(pass_module)]
fn name(m: &Module<'_>) -> PyResult<String> {
    m.name()
}

fn main() {}
