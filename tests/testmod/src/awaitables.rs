//! Awaitable classes (`__await__`, `__aiter__`, `__anext__`: the `am_*` slots), written
//! the way a PyO3 user writes them: an object `await` can wait on, and an asynchronous
//! iterator. Each special method is one row of abide's table of special methods.

use abide::exceptions::{PyStopAsyncIteration, PyStopIteration};
use abide::prelude::*;

/// Completes after yielding to the event loop `steps` times, with `value` as its result.
#[pyclass(module = "testmod")]
pub struct Delayed {
    steps: usize,
    value: Py<PyAny>,
}

#[pymethods]
impl Delayed {
    #[new]
    fn new(steps: usize, value: Py<PyAny>) -> Self {
        Delayed { steps, value }
    }

    /// The iterator `await` drives.
    fn __await__(&self, py: Python<'_>) -> DelayedIter {
        DelayedIter {
            left: self.steps,
            value: Some(self.value.clone_ref(py)),
        }
    }
}

/// What `Delayed.__await__` returns: `left` bare yields (which asyncio answers by
/// running the other tasks), then `StopIteration(value)`.
#[pyclass(module = "testmod")]
pub struct DelayedIter {
    left: usize,
    value: Option<Py<PyAny>>,
}

#[pymethods]
impl DelayedIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<()>> {
        if self.left > 0 {
            self.left -= 1;
            return Ok(Some(()));
        }
        let Some(value) = self.value.take() else {
            return Err(PyStopIteration::new_err("already awaited"));
        };
        let stop = py
            .import("builtins")?
            .getattr("StopIteration")?
            .call1((value,))?;
        Err(PyErr::from_value(stop))
    }
}

/// `async for x in Countdown(n)` gives `n - 1`, ..., `0`, each after one trip through
/// the event loop.
#[pyclass(module = "testmod")]
pub struct Countdown {
    left: usize,
}

#[pymethods]
impl Countdown {
    #[new]
    fn new(n: usize) -> Self {
        Countdown { left: n }
    }

    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__(&mut self, py: Python<'_>) -> PyResult<Delayed> {
        if self.left == 0 {
            return Err(PyStopAsyncIteration::new_err(""));
        }
        self.left -= 1;
        let value = self.left.into_pyobject(py)?.unbind();
        Ok(Delayed { steps: 1, value })
    }
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Delayed>()?;
    m.add_class::<DelayedIter>()?;
    m.add_class::<Countdown>()
}
