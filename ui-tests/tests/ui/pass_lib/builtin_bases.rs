//! Classes on every kind of base abide extends, with `dict` and `weakref`, and the forms
//! of raising such an exception from Rust.

use abide::exceptions::{PyException, PyOSError, PyStopIteration, PyValueError};
use abide::prelude::*;
use abide::types::{PyDict, PyList, PySet};

#[pyclass(extends = PyException, subclass)]
struct AppError {
    code: i32,
}

#[pymethods]
impl AppError {
    #[new]
    fn new(code: i32) -> Self {
        AppError { code }
    }

    #[getter]
    fn code(&self) -> i32 {
        self.code
    }
}

#[pyclass(extends = AppError)]
struct DbError {
    table: String,
}

#[pyclass(extends = PyValueError, dict, weakref)]
struct Invalid;

#[pyclass(extends = PyOSError)]
struct Io;

#[pyclass(extends = PyStopIteration)]
struct Done;

#[pyclass(extends = PyDict, dict, weakref)]
struct Registry {
    name: String,
}

#[pyclass(extends = PyList, frozen)]
struct Items;

#[pyclass(extends = PySet, weakref)]
struct Tags;

#[pyclass(dict, weakref, subclass)]
struct Open {
    held: Py<PyAny>,
}

#[pyfunction]
fn fail(py: Python<'_>) -> PyResult<()> {
    Err(PyErr::from_value(
        Py::new(py, AppError { code: 1 })?.into_bound(py),
    ))
}

#[pyfunction]
fn fail_deeper(py: Python<'_>) -> PyResult<()> {
    let err = Py::new(py, (DbError { table: "t".into() }, AppError { code: 2 }))?;
    Err(PyErr::from_value(err.into_bound(py)))
}

#[pyfunction]
fn fail_short(py: Python<'_>, deeper: bool) -> PyResult<()> {
    if deeper {
        let init = (DbError { table: "t".into() }, AppError { code: 3 });
        return Err(PyErr::from_instance(py, init));
    }
    Err(PyErr::from_instance(py, AppError { code: 4 }))
}

/// One of each, made from Rust.
#[pyfunction]
fn make_all(py: Python<'_>) -> PyResult<Vec<Object<'_>>> {
    let registry = Registry { name: "r".into() };
    Ok(vec![
        Py::new(py, Invalid)?.into_bound(py),
        Py::new(py, Io)?.into_bound(py),
        Py::new(py, Done)?.into_bound(py),
        Py::new(py, registry)?.into_bound(py),
        Py::new(py, Items)?.into_bound(py),
        Py::new(py, Tags)?.into_bound(py),
        Py::new(
            py,
            Open {
                held: py.None().unbind(),
            },
        )?
        .into_bound(py),
    ])
}

#[pyfunction]
fn fields(r: PyRef<'_, Registry>, d: PyRef<'_, DbError>, o: PyRef<'_, Open>) -> usize {
    let _held = &o.held;
    r.name.len() + d.table.len()
}

#[pymodule]
fn builtin_bases(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<AppError>()?;
    m.add_class::<DbError>()?;
    m.add_class::<Invalid>()?;
    m.add_class::<Io>()?;
    m.add_class::<Done>()?;
    m.add_class::<Registry>()?;
    m.add_class::<Items>()?;
    m.add_class::<Tags>()?;
    m.add_class::<Open>()?;
    m.add_function(wrap_pyfunction!(fail))?;
    m.add_function(wrap_pyfunction!(fail_deeper))?;
    m.add_function(wrap_pyfunction!(fail_short))?;
    m.add_function(wrap_pyfunction!(make_all))?;
    m.add_function(wrap_pyfunction!(fields))?;
    Ok(())
}
