//! `hello`: a tour of `#[pyfunction]` and `#[pymodule]`.

use abide::exceptions::PyOverflowError;
use abide::prelude::*;

/// Adds two integers.
#[pyfunction]
fn add(a: i64, b: i64) -> PyResult<i64> {
    a.checked_add(b)
        .ok_or_else(|| PyOverflowError::new_err("the sum does not fit in 64 bits"))
}

/// Greets someone.
#[pyfunction(signature = (name, *, greeting = "Hello"))]
fn greet(name: &str, greeting: &str) -> String {
    format!("{greeting}, {name}!")
}

#[pymodule]
fn hello(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(add))?;
    m.add_function(wrap_pyfunction!(greet))?;
    Ok(())
}
