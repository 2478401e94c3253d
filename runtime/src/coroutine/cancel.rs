//! [`CancelHandle`]: lets an `async fn` see the exception thrown into its coroutine (the
//! `CancelledError` of `task.cancel()`) instead of being dropped at once, as PyO3's
//! `#[pyo3(cancel_handle)]` does.

use crate::object::{Py, PyAny};
use core::future::poll_fn;
use core::task::{Context, Poll, Waker};
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Default)]
struct Inner {
    /// The last exception thrown in, not yet taken.
    exception: Option<Py<PyAny>>,
    /// Woken when one is thrown.
    waker: Option<Waker>,
    /// Taken once: an exception was thrown in since the coroutine started.
    thrown: bool,
}

fn lock(inner: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    inner.lock().unwrap_or_else(|e| e.into_inner())
}

/// The parameter of an `async fn` marked `#[py(cancel_handle)]`: with it, an exception
/// thrown into the coroutine (`task.cancel()`'s `CancelledError`, `asyncio.wait_for`'s
/// timeout, `coro.throw(exc)`) does not drop the future. It is handed to this handle, and
/// the future is polled again, so that it can finish its work, clean up with `.await`s,
/// and return or raise what it chooses. `coro.close()` still drops the future.
///
/// ```no_run
/// use abide::coroutine::CancelHandle;
/// use abide::prelude::*;
///
/// /// Waits for `work` unless cancelled; when cancelled, returns how far it got instead
/// /// of raising.
/// #[pyfunction]
/// async fn until_cancelled(#[py(cancel_handle)] mut cancel: CancelHandle) -> u64 {
///     let mut steps = 0;
///     loop {
///         // One step of work (here, nothing), then a look at the handle.
///         std::future::ready(()).await;
///         steps += 1;
///         if cancel.is_cancelled() || steps == 1_000_000 {
///             return steps;
///         }
///     }
/// }
/// ```
///
/// The Python parameter list does not include it: Python callers never pass it. Only the
/// last exception thrown is kept.
pub struct CancelHandle(Arc<Mutex<Inner>>);

impl CancelHandle {
    /// A handle with no exception thrown yet; the macro makes one per call.
    pub fn new() -> Self {
        CancelHandle(Arc::default())
    }

    /// Whether an exception has been thrown into the coroutine (even if already taken by
    /// [`cancelled`](Self::cancelled)).
    pub fn is_cancelled(&self) -> bool {
        let inner = lock(&self.0);
        inner.thrown
    }

    /// Takes the exception thrown in, or registers `cx`'s waker to be woken when one is.
    pub fn poll_cancelled(&mut self, cx: &mut Context<'_>) -> Poll<Py<PyAny>> {
        let mut inner = lock(&self.0);
        if let Some(exception) = inner.exception.take() {
            return Poll::Ready(exception);
        }
        if !inner
            .waker
            .as_ref()
            .is_some_and(|w| w.will_wake(cx.waker()))
        {
            inner.waker = Some(cx.waker().clone());
        }
        Poll::Pending
    }

    /// Completes with the exception thrown in: race it against the work
    /// (`futures::select!`, `tokio::select!`) to be told of cancellation.
    pub async fn cancelled(&mut self) -> Py<PyAny> {
        poll_fn(|cx| self.poll_cancelled(cx)).await
    }

    /// Where the coroutine delivers what is thrown in.
    #[doc(hidden)]
    pub fn thrower(&self) -> Thrower {
        Thrower(self.0.clone())
    }
}

impl Default for CancelHandle {
    fn default() -> Self {
        Self::new()
    }
}

/// The coroutine's side of a [`CancelHandle`].
#[doc(hidden)]
pub struct Thrower(Arc<Mutex<Inner>>);

impl Thrower {
    /// Hands `exception` to the handle and wakes the future waiting on it. The previous
    /// exception, if not taken, is dropped outside the lock (its destructor may run
    /// Python code).
    pub(super) fn throw(&self, exception: Py<PyAny>) {
        let (previous, waker) = {
            let mut inner = lock(&self.0);
            inner.thrown = true;
            (inner.exception.replace(exception), inner.waker.take())
        };
        drop(previous);
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}
