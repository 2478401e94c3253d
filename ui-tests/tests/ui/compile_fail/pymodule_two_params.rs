//! A `#[pymodule]` function with PyO3's old `(py, m)` parameters.

use abide::prelude::*;

#[pymodule]
fn hello(py: Python<'_>, m: &Module<'_>) -> PyResult<()> {
    let _ = py;
    m.add("ANSWER", 42)
}

fn main() {}
