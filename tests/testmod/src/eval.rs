//! `py.eval` and `py.run`, called from Python.

use abide::prelude::*;
use abide::types::Dict;

/// Evaluates `code` in a fresh namespace.
#[pyfunction]
fn eval_expr<'py>(py: Python<'py>, code: &str) -> PyResult<Object<'py>> {
    py.eval(code, None, None)
}

/// Evaluates `code` with `x` bound in its globals.
#[pyfunction]
fn eval_with_x<'py>(py: Python<'py>, code: &str, x: i64) -> PyResult<Object<'py>> {
    let globals = Dict::new(py)?;
    globals.set("x", x)?;
    py.eval(code, Some(&globals), None)
}

/// Runs `code` and returns the names it defined (globals and locals kept apart).
#[pyfunction]
fn run_code<'py>(py: Python<'py>, code: &str) -> PyResult<(Dict<'py>, Dict<'py>)> {
    let globals = Dict::new(py)?;
    let locals = Dict::new(py)?;
    py.run(code, Some(&globals), Some(&locals))?;
    Ok((globals, locals))
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(eval_expr))?;
    m.add_function(wrap_pyfunction!(eval_with_x))?;
    m.add_function(wrap_pyfunction!(run_code))?;
    Ok(())
}
