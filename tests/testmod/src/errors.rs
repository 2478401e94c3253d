//! Errors made from Python objects: `PyErr::from_type` and `PyErr::from_value` must only
//! ever raise exceptions, whatever class or object Python hands them.

use abide::prelude::*;

/// `raise class(msg)`, through `PyErr::from_type`.
#[pyfunction]
fn fail_with(class: TypeObject<'_>, msg: String) -> PyResult<()> {
    Err(PyErr::from_type(&class, msg))
}

/// `raise exc`, through `PyErr::from_value`.
#[pyfunction]
fn reraise(exc: Object<'_>) -> PyResult<()> {
    Err(PyErr::from_value(exc))
}

/// The exception object `PyErr::from_type(class, msg)` makes, returned (not raised).
#[pyfunction]
fn error_value<'py>(py: Python<'py>, class: TypeObject<'py>, msg: String) -> Object<'py> {
    PyErr::from_type(&class, msg).into_value(py)
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(fail_with))?;
    m.add_function(wrap_pyfunction!(reraise))?;
    m.add_function(wrap_pyfunction!(error_value))?;
    Ok(())
}
