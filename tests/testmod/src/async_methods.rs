//! `async fn` methods, as in PyO3's coroutine tests: `&self` and `&mut self` receivers
//! held by the coroutine until it finishes (with the same borrow rules as synchronous
//! methods, except that a conflict with a coroutine's borrow raises at once instead of
//! waiting), a receiver taken as `Py<Self>`, a static method, a frozen class.

use crate::coroutines::after;
use abide::prelude::*;

/// A counter whose methods wait `delay` seconds (on the timer thread) before acting.
#[pyclass(module = "testmod")]
pub struct AsyncCounter {
    count: u64,
}

#[pymethods]
impl AsyncCounter {
    #[new]
    fn new() -> Self {
        AsyncCounter { count: 0 }
    }

    /// The count, read after `delay` seconds (a shared borrow held meanwhile).
    async fn get(&self, delay: f64) -> u64 {
        after(delay).await;
        self.count
    }

    /// Adds one after `delay` seconds (the exclusive borrow held meanwhile).
    async fn incr(&mut self, delay: f64) -> u64 {
        after(delay).await;
        self.count += 1;
        self.count
    }

    /// The count, synchronously.
    fn value(&self) -> u64 {
        self.count
    }

    /// Sets the count, synchronously.
    fn set(&mut self, value: u64) {
        self.count = value;
    }

    /// Reads the count through the object handle after `delay`: no borrow is held while
    /// waiting, so other methods may run meanwhile.
    async fn read_later(slf: Py<Self>, delay: f64) -> PyResult<u64> {
        after(delay).await;
        Python::attach(|py| Ok(slf.borrow(py)?.count))
    }

    /// Waits until cancelled (an exception thrown in), then counts it and returns the
    /// count; the exclusive borrow is held throughout.
    async fn incr_when_cancelled(
        &mut self,
        #[py(cancel_handle)] mut cancel: abide::coroutine::CancelHandle,
    ) -> u64 {
        let _exception = cancel.cancelled().await;
        self.count += 1;
        self.count
    }

    /// `a * 2`, asynchronously, without an instance.
    #[staticmethod]
    async fn double(a: i64) -> i64 {
        a * 2
    }
}

/// A frozen class: its async methods hold a shared borrow too.
#[pyclass(frozen, module = "testmod")]
pub struct AsyncGreeter {
    name: String,
}

#[pymethods]
impl AsyncGreeter {
    #[new]
    fn new(name: String) -> Self {
        AsyncGreeter { name }
    }

    /// `Hello, {name}!` after `delay` seconds.
    async fn greet(&self, delay: f64) -> String {
        after(delay).await;
        format!("Hello, {}!", self.name)
    }
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<AsyncCounter>()?;
    m.add_class::<AsyncGreeter>()
}
