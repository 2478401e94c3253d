//! Helpers for `tests/python/reliability/test_free_threading.py`: classes written the way
//! PyO3 users write them for free-threaded Python (GC through `Py` fields and through a
//! `Mutex` with `__traverse__`/`__clear__`, interior mutability behind `frozen`, `&mut
//! self` held across `py.detach`, a `Drop` that panics), and functions that detach to do
//! Rust work.

use abide::class::{PyTraverseError, PyVisit};
use abide::prelude::*;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// `FtNode` and `FtBag` instances created and dropped in this process.
static CREATED: AtomicU64 = AtomicU64::new(0);
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// Spins (without sleeping) for `millis` milliseconds; returns the loop count (> 0).
fn spin(millis: u64) -> u64 {
    let end = Instant::now() + Duration::from_millis(millis);
    let mut n = 0u64;
    while Instant::now() < end {
        n = std::hint::black_box(n + 1);
    }
    n.max(1)
}

/// Locks a mutex, ignoring poisoning (nothing here panics while holding one).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

// --- first use ---------------------------------------------------------------------------

/// A plain value class, for the "first construction in many threads at once" test.
#[pyclass(module = "testmod", eq)]
#[derive(PartialEq)]
pub struct FtPoint {
    #[py(get)]
    x: i64,
    #[py(get)]
    y: i64,
}

#[pymethods]
impl FtPoint {
    #[new]
    fn new(x: i64, y: i64) -> Self {
        FtPoint { x, y }
    }

    /// `x * x + y * y`.
    fn norm2(&self) -> i64 {
        self.x * self.x + self.y * self.y
    }
}

/// A new `FtPoint` made in Rust (`Py::new`, which looks the class up).
#[pyfunction]
fn ft_make_point(py: Python<'_>, x: i64, y: i64) -> PyResult<Py<FtPoint>> {
    Py::new(py, FtPoint { x, y })
}

// --- garbage collection while other threads mutate -------------------------------------

/// A graph node: its `Py` fields are reported to the collector automatically, so cycles
/// through `partner` and `children` are collected.
#[pyclass(module = "testmod")]
pub struct FtNode {
    #[py(get)]
    value: i64,
    partner: Option<Py<FtNode>>,
    children: Vec<Py<PyAny>>,
}

impl Drop for FtNode {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::Relaxed);
    }
}

#[pymethods]
impl FtNode {
    #[new]
    fn new(value: i64) -> Self {
        CREATED.fetch_add(1, Ordering::Relaxed);
        FtNode {
            value,
            partner: None,
            children: Vec::new(),
        }
    }

    /// Sets (or clears) the partner; returns the previous one.
    #[py(signature = (other = None))]
    fn link(&mut self, other: Option<Py<FtNode>>) -> Option<Py<FtNode>> {
        std::mem::replace(&mut self.partner, other)
    }

    #[getter]
    fn partner<'py>(&self, py: Python<'py>) -> Option<Object<'py>> {
        self.partner.as_ref().map(|p| p.bind(py))
    }

    fn add_child(&mut self, child: Py<PyAny>) -> usize {
        self.children.push(child);
        self.children.len()
    }

    fn pop_child(&mut self) -> Option<Py<PyAny>> {
        self.children.pop()
    }

    /// Drops every child; returns how many there were.
    fn clear_children(&mut self) -> usize {
        std::mem::take(&mut self.children).len()
    }

    fn __len__(&self) -> usize {
        self.children.len()
    }

    /// `value += by` through `&mut self`.
    fn bump(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }

    /// The sum of the values of the partner chain's first `depth` nodes (reads through
    /// `Py` fields of other objects).
    fn chain_sum(&self, py: Python<'_>, depth: usize) -> PyResult<i64> {
        let mut total = self.value;
        let mut next = self.partner.as_ref().map(|p| p.clone_ref(py));
        for _ in 1..depth {
            let Some(node) = next else { break };
            let node = node.borrow(py)?;
            total += node.value;
            next = node.partner.as_ref().map(|p| p.clone_ref(py));
        }
        Ok(total)
    }

    /// `(created, dropped)` of `FtNode` and `FtBag` for the whole process.
    #[staticmethod]
    fn counts() -> (u64, u64) {
        (
            CREATED.load(Ordering::Relaxed),
            DROPPED.load(Ordering::Relaxed),
        )
    }
}

/// A bag of objects behind a `Mutex`, with `&self` methods only: it reports its contents
/// to the collector itself (`__traverse__`, `try_lock` since the collector must not block)
/// and releases them in `__clear__`.
#[pyclass(module = "testmod")]
pub struct FtBag {
    items: Mutex<Vec<Py<PyAny>>>,
}

impl Drop for FtBag {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::Relaxed);
    }
}

#[pymethods]
impl FtBag {
    #[new]
    fn new() -> Self {
        CREATED.fetch_add(1, Ordering::Relaxed);
        FtBag {
            items: Mutex::new(Vec::new()),
        }
    }

    fn push(&self, item: Py<PyAny>) -> usize {
        let mut items = lock(&self.items);
        items.push(item);
        items.len()
    }

    fn pop(&self) -> Option<Py<PyAny>> {
        // The guard is dropped here; the popped reference is released later, by the
        // caller, outside the lock.
        lock(&self.items).pop()
    }

    fn __len__(&self) -> usize {
        lock(&self.items).len()
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        if let Ok(items) = self.items.try_lock() {
            for item in items.iter() {
                visit.call(item)?;
            }
        }
        Ok(())
    }

    fn __clear__(&mut self) {
        let items = std::mem::take(self.items.get_mut().unwrap_or_else(|e| e.into_inner()));
        drop(items);
    }
}

// --- py.detach under contention ----------------------------------------------------------

/// FNV-1a of `data`, computed with the interpreter released (`data` borrows the bytes
/// object, which the caller keeps alive).
#[pyfunction]
fn ft_fnv1a_detached(py: Python<'_>, data: &[u8], rounds: u32) -> u64 {
    py.detach(|| {
        let mut h = 0xcbf2_9ce4_8422_2325_u64;
        for _ in 0..rounds {
            for &b in data {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    })
}

/// Sorts `values` with the interpreter released.
#[pyfunction]
fn ft_sorted_detached(py: Python<'_>, mut values: Vec<i64>) -> Vec<i64> {
    py.detach(move || {
        values.sort_unstable();
        values
    })
}

/// Detaches, sums `0..n`, then attaches again from inside the detached closure
/// (`Python::attach`, as a callback from a Rust library would) to build `[sum, n]`.
#[pyfunction]
fn ft_detach_then_attach(py: Python<'_>, n: u64) -> PyResult<Py<PyAny>> {
    py.detach(|| {
        let sum: u64 = (0..n).map(std::hint::black_box).sum();
        Python::attach(|py| {
            let list = List::empty(py)?;
            list.append(sum)?;
            list.append(n)?;
            Ok(list.into_object().unbind())
        })
    })
}

/// A frozen accumulator: state in a `Mutex` and an atomic, updated with the interpreter
/// released.
#[pyclass(module = "testmod", frozen)]
pub struct FtAccumulator {
    total: Mutex<u64>,
    calls: AtomicU64,
}

#[pymethods]
impl FtAccumulator {
    #[new]
    fn new() -> Self {
        FtAccumulator {
            total: Mutex::new(0),
            calls: AtomicU64::new(0),
        }
    }

    /// Adds `start..end` one number at a time (taking the lock for each), detached;
    /// returns the sum added.
    fn add_range_detached(&self, py: Python<'_>, start: u64, end: u64) -> u64 {
        py.detach(|| {
            let mut added = 0;
            for i in start..end {
                *lock(&self.total) += i;
                added += i;
            }
            self.calls.fetch_add(1, Ordering::Relaxed);
            added
        })
    }

    #[getter]
    fn total(&self) -> u64 {
        *lock(&self.total)
    }

    #[getter]
    fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }
}

// --- &mut self held with the interpreter released ----------------------------------------

/// Two balances whose sum never changes, except in the middle of `transfer`, which takes
/// from one, releases the interpreter for a while (holding `&mut self`), then gives to
/// the other. A reader that got in during the pause would see a torn state.
#[pyclass(module = "testmod")]
pub struct FtLedger {
    a: i64,
    b: i64,
    #[py(get)]
    transfers: u64,
}

#[pymethods]
impl FtLedger {
    #[new]
    fn new(total: i64) -> Self {
        FtLedger {
            a: total,
            b: 0,
            transfers: 0,
        }
    }

    /// Moves `amount` from `a` to `b`, spinning `millis` ms detached in between.
    fn transfer(&mut self, py: Python<'_>, amount: i64, millis: u64) -> (i64, i64) {
        self.a -= amount;
        py.detach(|| spin(millis));
        self.b += amount;
        self.transfers += 1;
        (self.a, self.b)
    }

    #[getter]
    fn a(&self) -> i64 {
        self.a
    }

    #[getter]
    fn b(&self) -> i64 {
        self.b
    }

    /// `a + b`: constant between transfers.
    #[getter]
    fn total(&self) -> i64 {
        self.a + self.b
    }

    /// `(a, b, transfers)` read at once.
    fn snapshot(&self) -> (i64, i64, u64) {
        (self.a, self.b, self.transfers)
    }
}

// --- Drop that panics, reached through the collector ------------------------------------

/// Panics in `Drop`, and can hold a Python object (so it is dropped by the collector's
/// `tp_clear` when it is part of a cycle).
#[pyclass(module = "testmod")]
pub struct FtPanicNode {
    other: Option<Py<PyAny>>,
}

impl Drop for FtPanicNode {
    fn drop(&mut self) {
        // Never panic while already unwinding: that would abort the process.
        if !std::thread::panicking() {
            panic!("FtPanicNode dropped");
        }
    }
}

#[pymethods]
impl FtPanicNode {
    #[new]
    #[py(signature = (other = None))]
    fn new(other: Option<Py<PyAny>>) -> Self {
        FtPanicNode { other }
    }

    #[getter]
    fn other<'py>(&self, py: Python<'py>) -> Option<Object<'py>> {
        self.other.as_ref().map(|p| p.bind(py))
    }

    #[setter]
    fn set_other(&mut self, other: Option<Py<PyAny>>) {
        self.other = other;
    }
}

/// Adds this file's classes and functions to `testmod`.
pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<FtPoint>()?;
    m.add_class::<FtNode>()?;
    m.add_class::<FtBag>()?;
    m.add_class::<FtAccumulator>()?;
    m.add_class::<FtLedger>()?;
    m.add_class::<FtPanicNode>()?;
    for def in [
        wrap_pyfunction!(ft_make_point),
        wrap_pyfunction!(ft_fnv1a_detached),
        wrap_pyfunction!(ft_sorted_detached),
        wrap_pyfunction!(ft_detach_then_attach),
    ] {
        m.add_function(def)?;
    }
    Ok(())
}
