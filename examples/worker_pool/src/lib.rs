//! CPU work split over Rust threads while Python waits, with progress reported to a
//! Python callback.
//!
//! The caller detaches (`py.detach`), so other Python threads run meanwhile; the items
//! are split into chunks that scoped threads (`std::thread::scope`) take in turn. After
//! each chunk a worker calls `progress(done, total)`, attached through a handle to the
//! caller's interpreter (`py.interpreter()`, then `interp.attach`): called from a
//! subinterpreter, the callback runs in that subinterpreter, where it was defined.
//! `Python::attach` would attach the worker to the main interpreter instead.
//!
//! The work is the Collatz step count of each item: how many steps of `n -> n / 2` (`n`
//! even) or `n -> 3n + 1` (`n` odd) take `n` to 1.

mod pool;

use abide::exceptions::{PyOverflowError, PyValueError};
use abide::prelude::*;

/// How many Collatz steps take `n` (at least 1) to 1; `None` if the trajectory leaves
/// `u128` (no `u64` is known to).
fn collatz(n: u64) -> Option<u64> {
    debug_assert!(n > 0, "0 never reaches 1");
    let mut x = u128::from(n);
    let mut steps = 0;
    while x != 1 {
        x = if x % 2 == 0 {
            x / 2
        } else {
            x.checked_mul(3)?.checked_add(1)?
        };
        steps += 1;
    }
    Some(steps)
}

/// The Collatz step count of `n`, or `OverflowError`.
fn collatz_item(n: u64) -> PyResult<u64> {
    collatz(n).ok_or_else(|| {
        PyOverflowError::new_err(format!("the Collatz trajectory of {n} exceeds 2**128"))
    })
}

/// `ValueError` unless every item is positive: 0 never reaches 1.
fn check_positive(items: &[u64]) -> PyResult<()> {
    match items.iter().position(|&n| n == 0) {
        Some(i) => Err(PyValueError::new_err(format!(
            "items must be positive: items[{i}] is 0"
        ))),
        None => Ok(()),
    }
}

/// The Collatz step count of each item, in order, computed on `workers` Rust threads
/// taking `chunk` items at a time while the caller waits detached. After each chunk,
/// `progress(done, total)` is called (from a worker thread, in the caller's interpreter,
/// one call at a time, `done` increasing up to `total`). An exception raised by
/// `progress` stops the work and is raised here.
#[pyfunction(signature = (
    items,
    workers,
    progress: "collections.abc.Callable[[int, int], object] | None" = None,
    *,
    chunk = 64,
))]
fn collatz_steps(
    py: Python<'_>,
    items: Vec<u64>,
    workers: usize,
    progress: Option<Py<PyAny>>,
    chunk: usize,
) -> PyResult<Vec<u64>> {
    check_positive(&items)?;
    pool::run(py, &items, workers, chunk, progress.as_ref(), &collatz_item)
}

/// Runs the pool over `items` like `collatz_steps`, but the worker that reaches the item
/// `panic_at` panics: the panic is raised here as `PanicException`, and the other workers
/// stop before their next chunk.
#[pyfunction(signature = (
    items,
    workers,
    panic_at,
    progress: "collections.abc.Callable[[int, int], object] | None" = None,
    *,
    chunk = 64,
))]
fn panic_in_worker(
    py: Python<'_>,
    items: Vec<u64>,
    workers: usize,
    panic_at: u64,
    progress: Option<Py<PyAny>>,
    chunk: usize,
) -> PyResult<Vec<u64>> {
    let work = |n: u64| {
        if n == panic_at {
            panic!("worker panicked at item {n}");
        }
        Ok(n)
    };
    pool::run(py, &items, workers, chunk, progress.as_ref(), &work)
}

/// A pool configuration kept for many calls: `Pool(4).collatz_steps(items)`. Threads
/// are started for each call and end with it.
#[pyclass(frozen, module = "worker_pool")]
struct Pool {
    workers: usize,
    chunk: usize,
}

#[pymethods]
impl Pool {
    #[new]
    #[py(signature = (workers, *, chunk = 64))]
    fn new(workers: usize, chunk: usize) -> PyResult<Self> {
        if workers == 0 {
            return Err(PyValueError::new_err("workers must be at least 1"));
        }
        if chunk == 0 {
            return Err(PyValueError::new_err("chunk must be at least 1"));
        }
        Ok(Pool { workers, chunk })
    }

    /// The number of worker threads a call uses (fewer when there are fewer chunks).
    #[getter]
    fn workers(&self) -> usize {
        self.workers
    }

    /// The number of items a worker takes at a time.
    #[getter]
    fn chunk(&self) -> usize {
        self.chunk
    }

    /// `collatz_steps(items, self.workers, progress, chunk=self.chunk)`.
    #[py(signature = (
        items,
        progress: "collections.abc.Callable[[int, int], object] | None" = None,
    ))]
    fn collatz_steps(
        &self,
        py: Python<'_>,
        items: Vec<u64>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Vec<u64>> {
        check_positive(&items)?;
        pool::run(
            py,
            &items,
            self.workers,
            self.chunk,
            progress.as_ref(),
            &collatz_item,
        )
    }

    fn __repr__(&self) -> String {
        format!("Pool({}, chunk={})", self.workers, self.chunk)
    }
}

/// CPU work split over Rust threads, with progress reported to a Python callback in the
/// caller's interpreter.
#[pymodule]
fn worker_pool(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(collatz_steps))?;
    m.add_function(wrap_pyfunction!(panic_in_worker))?;
    m.add_class::<Pool>()
}
