//! PyO3's `Py<T>` conveniences as a port keeps them (`stored.call1(py, ...)` without
//! binding first), and `__all__`, which every `add...` keeps.

use abide::prelude::*;

/// Keeps a callable and calls it later, the way PyO3 code holds a `Py<PyAny>`.
#[pyclass]
struct Deferred {
    func: Py<PyAny>,
}

#[pymethods]
impl Deferred {
    #[new]
    fn new(func: Py<PyAny>) -> Self {
        Deferred { func }
    }

    /// Calls the stored callable with these arguments and keywords.
    #[py(signature = (*args, **kwargs))]
    fn run<'py>(
        &self,
        py: Python<'py>,
        args: Tuple<'py>,
        kwargs: Option<Dict<'py>>,
    ) -> PyResult<Object<'py>> {
        self.func.call(py, args, kwargs.as_ref())
    }

    /// `func()`, `func(x)`, and `func.__name__`, each through `Py<PyAny>` directly.
    fn probe<'py>(&self, py: Python<'py>, x: i64) -> PyResult<(Object<'py>, Object<'py>, String)> {
        let none = self.func.call0(py)?;
        let one = self.func.call1(py, (x,))?;
        let name = self.func.getattr(py, "__name__")?.extract()?;
        Ok((none, one, name))
    }

    /// Whether the callable has `attr`, and `func.attr = value` when it has not.
    fn mark(&self, py: Python<'_>, attr: &str, value: i64) -> PyResult<bool> {
        if self.func.hasattr(py, attr)? {
            return Ok(true);
        }
        self.func.setattr(py, attr, value)?;
        Ok(false)
    }
}

/// `target.method(*args, **kwargs)` through a stored reference, then the result as `i64`
/// (or `None` if the method returned `None`).
#[pyfunction(signature = (target, method, *args, **kwargs))]
fn call_stored_method(
    py: Python<'_>,
    target: Py<PyAny>,
    method: &str,
    args: Tuple<'_>,
    kwargs: Option<Dict<'_>>,
) -> PyResult<Option<i64>> {
    let result = target
        .call_method(py, method, args, kwargs.as_ref())?
        .unbind();
    if result.is_none(py) {
        return Ok(None);
    }
    result.extract(py).map(Some)
}

/// A helper class that Python only receives from `countdown`: registered, not public.
#[pyclass]
struct Ticker {
    left: u32,
}

#[pymethods]
impl Ticker {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self) -> Option<u32> {
        self.left = self.left.checked_sub(1)?;
        Some(self.left + 1)
    }
}

/// Counts down from `start` to 1.
#[pyfunction]
fn countdown(py: Python<'_>, start: u32) -> PyResult<Py<Ticker>> {
    Py::new(py, Ticker { left: start })
}

/// Quadruples `x` (in the wrapped submodule).
#[pyfunction]
fn quadruple(x: i64) -> i64 {
    4 * x
}

/// Halves `x` (added with `add_wrapped`).
#[pyfunction]
fn halve(x: i64) -> i64 {
    x / 2
}

/// A submodule added as PyO3 code adds one: `m.add_wrapped(wrap_pymodule!(...))`
/// (`submodule`: no entry points of its own, which the symbol audit checks).
#[pymodule(submodule)]
fn wrapped_sub(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(quadruple))
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_wrapped(abide::wrap_pymodule!(wrapped_sub))?;
    m.add_wrapped(wrap_pyfunction!(halve))?;
    m.register_class::<Ticker>()?;
    m.add_function(wrap_pyfunction!(countdown))?;
    m.add_class::<Deferred>()?;
    m.add_function(wrap_pyfunction!(call_stored_method))
}
