//! Helpers for the reliability tests (`tests/python/test_reliability_*.py`): classes that
//! count their drops, panic in `Drop` or in any slot, a function that leaks on purpose
//! (the negative control of the leak checker), and long Rust work with the interpreter
//! released.

use abide::exceptions::PyValueError;
use abide::prelude::*;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Instances of `Tracked` (and of its subclasses) created and dropped in this process.
static CREATED: AtomicU64 = AtomicU64::new(0);
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// An object that counts its creations and drops, so tests can check that every instance
/// is freed. It can hold any Python object (which makes it take part in GC), and Python
/// code may subclass it.
#[pyclass(module = "testmod", subclass)]
pub struct Tracked {
    #[py(get, set)]
    value: i64,
    payload: Option<Py<PyAny>>,
}

impl Tracked {
    fn make(value: i64, payload: Option<Py<PyAny>>) -> Self {
        CREATED.fetch_add(1, Ordering::Relaxed);
        Tracked { value, payload }
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::Relaxed);
    }
}

#[pymethods]
impl Tracked {
    #[new]
    #[py(signature = (value = 0, payload = None))]
    fn new(value: i64, payload: Option<Py<PyAny>>) -> Self {
        Tracked::make(value, payload)
    }

    /// The object held, or None.
    #[getter]
    fn payload<'py>(&self, py: Python<'py>) -> Option<Object<'py>> {
        self.payload.as_ref().map(|p| p.bind(py))
    }

    #[setter]
    fn set_payload(&mut self, payload: Option<Py<PyAny>>) {
        self.payload = payload;
    }

    /// Adds `by` to the value, with `&mut self`.
    fn bump(&mut self, by: i64) -> PyResult<i64> {
        self.value = self
            .value
            .checked_add(by)
            .ok_or_else(|| PyValueError::new_err("value overflow"))?;
        Ok(self.value)
    }

    /// `(created, dropped)` counts for the whole process.
    #[staticmethod]
    fn counts() -> (u64, u64) {
        (
            CREATED.load(Ordering::Relaxed),
            DROPPED.load(Ordering::Relaxed),
        )
    }

    fn __repr__(&self) -> String {
        format!("Tracked({})", self.value)
    }
}

/// A Rust subclass of `Tracked` with data of its own: both levels must be dropped.
#[pyclass(module = "testmod", extends = Tracked)]
pub struct TrackedChild {
    #[py(get)]
    label: String,
}

#[pymethods]
impl TrackedChild {
    #[new]
    fn new(label: String, value: i64) -> (Self, Tracked) {
        (TrackedChild { label }, Tracked::make(value, None))
    }
}

/// Returns a new `Tracked` made in Rust (`Py::new`).
#[pyfunction]
fn make_tracked(py: Python<'_>, value: i64) -> PyResult<Py<Tracked>> {
    Py::new(py, Tracked::make(value, None))
}

/// Panics in `Drop` with the message given at construction.
#[pyclass(module = "testmod")]
pub struct PanicOnDrop {
    message: String,
}

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        // Never panic while already unwinding: that would abort the process.
        if !std::thread::panicking() {
            panic!("{}", self.message);
        }
    }
}

#[pymethods]
impl PanicOnDrop {
    #[new]
    fn new(message: String) -> Self {
        PanicOnDrop { message }
    }
}

/// Panics wherever it is asked to: in `__new__`, a method, a getter, a setter and the
/// special methods that go through slots.
#[pyclass(module = "testmod")]
pub struct Boom {
    armed: bool,
}

#[pymethods]
impl Boom {
    #[new]
    #[py(signature = (armed = true, in_new = false))]
    fn new(armed: bool, in_new: bool) -> Self {
        if in_new {
            panic!("panic in __new__");
        }
        Boom { armed }
    }

    fn method(&self, x: i64) -> i64 {
        if self.armed {
            panic!("panic in a method");
        }
        x
    }

    fn method_mut(&mut self) {
        if self.armed {
            panic!("panic in a &mut method");
        }
    }

    #[getter]
    fn prop(&self) -> i64 {
        if self.armed {
            panic!("panic in a getter");
        }
        1
    }

    #[setter]
    fn set_prop(&mut self, _v: i64) {
        if self.armed {
            panic!("panic in a setter");
        }
    }

    fn __repr__(&self) -> String {
        if self.armed {
            panic!("panic in __repr__");
        }
        "Boom()".to_owned()
    }

    fn __len__(&self) -> usize {
        if self.armed {
            panic!("panic in __len__");
        }
        0
    }

    fn __hash__(&self) -> u64 {
        if self.armed {
            panic!("panic in __hash__");
        }
        0
    }

    fn __eq__(&self, _other: &Self) -> bool {
        if self.armed {
            panic!("panic in __eq__");
        }
        true
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self) -> Option<i64> {
        if self.armed {
            panic!("panic in __next__");
        }
        None
    }

    fn __getitem__(&self, _i: i64) -> i64 {
        if self.armed {
            panic!("panic in __getitem__");
        }
        0
    }
}

/// Panics with a payload that is not a string.
#[pyfunction]
fn panics_with_int() {
    std::panic::panic_any(42_i32)
}

/// Leaks one reference to `obj` on purpose: the negative control of the leak test.
#[pyfunction]
fn leak_ref(obj: Object<'_>) {
    std::mem::forget(obj);
}

/// Leaks a `Tracked` instance on purpose (it is never freed).
#[pyfunction]
fn leak_tracked(py: Python<'_>) -> PyResult<()> {
    std::mem::forget(Py::new(py, Tracked::make(0, None))?);
    Ok(())
}

/// Spins for `millis` milliseconds with the interpreter released, then returns the
/// number of loop iterations (always > 0); other Python threads run meanwhile.
#[pyfunction]
fn spin_detached(py: Python<'_>, millis: u64) -> u64 {
    py.detach(|| {
        let end = std::time::Instant::now() + std::time::Duration::from_millis(millis);
        let mut n = 0u64;
        while std::time::Instant::now() < end {
            n = std::hint::black_box(n + 1);
        }
        n.max(1)
    })
}

static SIGNAL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Waits, with the interpreter released, until another thread calls `send_signal()` (which
/// needs the interpreter): returns whether that happened within `timeout_ms`. On a GIL
/// build it can only happen if `py.detach` really released the interpreter.
#[pyfunction]
fn wait_for_signal_detached(py: Python<'_>, timeout_ms: u64) -> bool {
    py.detach(|| {
        let end = std::time::Instant::now() + std::time::Duration::from_millis(timeout_ms);
        while std::time::Instant::now() < end {
            if SIGNAL.swap(false, std::sync::atomic::Ordering::AcqRel) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        false
    })
}

/// Sets the flag `wait_for_signal_detached` waits for.
#[pyfunction]
fn send_signal() {
    SIGNAL.store(true, std::sync::atomic::Ordering::Release);
}

/// A detached computation with a checkable result: the sum of `(i * 7) % 13` for
/// `i in 0..n`.
#[pyfunction]
fn checksum_detached(py: Python<'_>, n: u64) -> u64 {
    py.detach(|| (0..n).map(|i| std::hint::black_box(i * 7) % 13).sum())
}

/// A counter updated by read-modify-write through `&mut self`, with an optional pause
/// (interpreter released) between the read and the write: a lost update shows up as a
/// wrong total.
#[pyclass(module = "testmod")]
pub struct SlowCounter {
    count: u64,
    /// Every value `incr` has seen, to check that readers never see a torn state.
    log_len: Mutex<u64>,
}

#[pymethods]
impl SlowCounter {
    #[new]
    fn new() -> Self {
        SlowCounter {
            count: 0,
            log_len: Mutex::new(0),
        }
    }

    /// `count += 1`, releasing the interpreter between the read and the write when
    /// `pause_us` > 0.
    #[py(signature = (pause_us = 0))]
    fn incr(&mut self, py: Python<'_>, pause_us: u64) -> u64 {
        let c = self.count;
        if pause_us > 0 {
            py.detach(|| std::thread::sleep(std::time::Duration::from_micros(pause_us)));
        }
        self.count = c + 1;
        *self.log_len.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.count
    }

    /// The count, with `&self`.
    #[getter]
    fn count(&self) -> u64 {
        self.count
    }

    /// `(count, number of increments logged)`: always equal, as `incr` holds `&mut self`
    /// for both writes.
    fn snapshot(&self) -> (u64, u64) {
        (
            self.count,
            *self.log_len.lock().unwrap_or_else(|e| e.into_inner()),
        )
    }
}

/// A class whose `module` option names another module than the one it is added to, as
/// `#[pyclass(module = "pkg")]` on a class of the extension `pkg._native` would.
#[pyclass(module = "testmod_public")]
pub struct Elsewhere {
    #[py(get)]
    value: i64,
}

/// Returns a new `Elsewhere` made in Rust.
#[pyfunction]
fn make_elsewhere(py: Python<'_>, value: i64) -> PyResult<Py<Elsewhere>> {
    Py::new(py, Elsewhere { value })
}

/// Adds this file's classes and functions to `testmod`.
pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Tracked>()?;
    m.add_class::<TrackedChild>()?;
    m.add_class::<PanicOnDrop>()?;
    m.add_class::<Boom>()?;
    m.add_class::<SlowCounter>()?;
    m.add_class::<Elsewhere>()?;
    for def in [
        wrap_pyfunction!(make_tracked),
        wrap_pyfunction!(panics_with_int),
        wrap_pyfunction!(leak_ref),
        wrap_pyfunction!(leak_tracked),
        wrap_pyfunction!(spin_detached),
        wrap_pyfunction!(wait_for_signal_detached),
        wrap_pyfunction!(send_signal),
        wrap_pyfunction!(checksum_detached),
        wrap_pyfunction!(make_elsewhere),
    ] {
        m.add_function(def)?;
    }
    Ok(())
}
