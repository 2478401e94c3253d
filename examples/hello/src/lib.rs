//! `hello`: a tour of `#[pyfunction]` and `#[pymodule]`.

use abide::prelude::*;

/// Adds two integers.
#[pyfunction]
fn add(a: i64, b: i64) -> i64 {
    a + b
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
