//! A `#[pymodule]` function with PyO3's old `(py, m)` parameters, and one exported as a
//! submodule of a declarative module.

use abide::prelude::*;

#[pymodule]
fn hello(py: Python<'_>, m: &Module<'_>) -> PyResult<()> {
    m.add("PLATFORM", py.import("sys")?.getattr("platform")?)
}

#[pymodule(submodule)]
fn helpers(_py: Python<'_>, m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

#[pymodule]
mod outer {
    #[pymodule_export]
    use super::helpers;
}

fn main() {}
