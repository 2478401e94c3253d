//! The `async fn` forms that compile: owned parameters of every kind (numbers, `String`,
//! `Vec`, `Option`, `Py<T>`, `#[pyclass]` values by clone), `PyResult` and custom error
//! results, `&self`, `&mut self` and `Py<Self>` receivers, static methods, a `signature`,
//! a future that attaches inside.

use abide::exceptions::PyValueError;
use abide::prelude::*;

#[pyclass]
#[derive(Clone)]
pub struct Point {
    x: f64,
}

#[pyfunction(signature = (a, b = 2, *, label = None))]
pub async fn owned(a: i64, b: i64, label: Option<String>) -> (i64, Option<String>) {
    (a + b, label)
}

#[pyfunction]
pub async fn collections(items: Vec<String>, point: Point, obj: Py<PyAny>) -> PyResult<usize> {
    let _ = (point.x, obj);
    Ok(items.len())
}

#[pyfunction]
pub async fn parse(text: String) -> Result<i64, std::num::ParseIntError> {
    text.parse()
}

#[pyfunction]
pub async fn attaches(f: Py<PyAny>) -> PyResult<Py<PyAny>> {
    Python::attach(|py| f.bind(py).call0().map(Object::unbind))
}

#[pyfunction]
pub async fn nothing() {}

/// A cancel handle between Python parameters, and in a method below.
#[pyfunction(signature = (first, *, last = 0))]
pub async fn cancellable(
    first: i64,
    #[py(cancel_handle)] mut cancel: abide::coroutine::CancelHandle,
    last: i64,
) -> i64 {
    let _ = cancel.cancelled().await;
    first + last
}

#[pyclass]
pub struct Account {
    balance: i64,
}

#[pymethods]
impl Account {
    async fn balance(&self) -> i64 {
        self.balance
    }

    async fn deposit(&mut self, amount: i64) -> PyResult<i64> {
        if amount < 0 {
            return Err(PyValueError::new_err("negative"));
        }
        self.balance += amount;
        Ok(self.balance)
    }

    async fn handle(slf: Py<Self>) -> PyResult<i64> {
        Python::attach(|py| Ok(slf.borrow(py)?.balance))
    }

    #[staticmethod]
    async fn zero() -> i64 {
        0
    }

    async fn drain(&mut self, #[py(cancel_handle)] cancel: abide::coroutine::CancelHandle) -> i64 {
        if cancel.is_cancelled() {
            0
        } else {
            std::mem::take(&mut self.balance)
        }
    }
}

#[pymodule]
fn async_forms(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Point>()?;
    m.add_class::<Account>()?;
    m.add_function(wrap_pyfunction!(owned))?;
    m.add_function(wrap_pyfunction!(collections))?;
    m.add_function(wrap_pyfunction!(parse))?;
    m.add_function(wrap_pyfunction!(attaches))?;
    m.add_function(wrap_pyfunction!(nothing))?;
    m.add_function(wrap_pyfunction!(cancellable))
}
