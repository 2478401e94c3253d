//! `wrap_pyfunction!` of an expression instead of a function path.

use abide::prelude::*;

#[pymodule]
fn hello(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(|a: i64| a + 1))?;
    Ok(())
}

fn main() {}
