//! `wrap_pyfunction!` of a function that is not a `#[pyfunction]`.

use abide::prelude::*;

fn add(a: i64, b: i64) -> i64 {
    a + b
}

#[pymodule]
fn hello(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(add))?;
    Ok(())
}

fn main() {}
