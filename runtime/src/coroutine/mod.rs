//! `async fn` in `#[pyfunction]` and `#[pymethods]`: calling one returns a [`Coroutine`],
//! a Python coroutine object that drives the Rust future.
//!
//! ```no_run
//! use abide::prelude::*;
//!
//! /// `await fetch_len("...")` in Python.
//! #[pyfunction]
//! async fn fetch_len(url: String) -> PyResult<usize> {
//!     // Any `Send` future: a client library's request, a channel, a timer.
//!     let body = std::future::ready(format!("contents of {url}")).await;
//!     Ok(body.len())
//! }
//! ```
//!
//! - **Under asyncio**, a pending future suspends the coroutine on an asyncio future of the
//!   running loop; the future's `Waker`, called from any thread, resolves it with
//!   `loop.call_soon_threadsafe`, and the Task resumes the coroutine. Nothing polls in a
//!   loop and no thread is started per call. Loops that implement asyncio's API (uvloop)
//!   work the same; a future that completes without waiting needs no loop at all.
//! - **Cancelling** (`task.cancel()`, `asyncio.wait_for` timing out, `coro.close()`,
//!   `coro.throw(exc)`) drops the Rust future at once, running its destructors, and the
//!   exception continues in Python as it would from an `async def` that did not catch it.
//!   A parameter marked `#[py(cancel_handle)]` ([`CancelHandle`]) gets the exception
//!   instead, and the future goes on.
//! - **Errors**: an `Err` the function returns raises its exception from `await`; a panic
//!   inside the future raises [`PanicException`](crate::panic::PanicException).
//! - **`Send + 'static`**: the future may be woken from any thread and, on the
//!   free-threaded build, polled from any; it cannot borrow the arguments, so the
//!   parameters are owned types (`String`, `Vec<u8>`, `Py<T>`, ...) and not `&str` or
//!   `Object<'py>`. Inside the future, attach with [`Python::attach`] to use Python.

mod await_py;
mod cancel;
#[cfg(unix)]
mod hub;
mod waker;

pub use await_py::{AwaitPy, await_py};
pub use cancel::CancelHandle;
#[doc(hidden)]
pub use cancel::Thrower;

use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use crate::ffi;
use crate::object::{Object, Py, PyAny, PyAnyMethods};
use crate::python::Python;
use crate::{pyclass, pymethods};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, TryLockError};
use waker::AsyncioWaker;

type BoxedFuture = Pin<Box<dyn Future<Output = PyResult<Py<PyAny>>> + Send>>;

/// The coroutine object an `async fn` returns to Python: `await` it, or hand it to
/// `asyncio.create_task`, `asyncio.gather`, `asyncio.run`. It has the methods of
/// Python's coroutines (`send`, `throw`, `close`, `__await__`), its `__name__` and
/// `__qualname__` are the function's, and `asyncio.iscoroutine` accepts it.
#[pyclass(frozen, name = "Coroutine", module = "abide")]
pub struct Coroutine {
    /// `__name__`: the function's Python name.
    name: &'static str,
    /// The class's Python name, for a method (`__qualname__` is `Class.name`).
    class: Option<&'static str>,
    waker: Arc<AsyncioWaker>,
    state: Mutex<Step>,
    /// For a function with a [`CancelHandle`]: where `throw` delivers the exception, to
    /// poll the future again instead of dropping it.
    thrower: Option<Thrower>,
}

/// Where the coroutine is.
enum Step {
    /// Created, not yet sent into.
    Unstarted(BoxedFuture),
    /// Suspended: waiting for its waker.
    Suspended(BoxedFuture),
    /// Returned, raised, or closed.
    Finished,
}

impl Coroutine {
    /// Takes the state for one step; `ValueError` if another thread (or a re-entrant
    /// call from inside the future) is running the coroutine.
    fn lock(&self) -> PyResult<std::sync::MutexGuard<'_, Step>> {
        match self.state.try_lock() {
            Ok(guard) => Ok(guard),
            Err(TryLockError::WouldBlock) => Err(PyValueError::new_err(format!(
                "coroutine {} already executing",
                self.qualname()
            ))),
            // A panic while locked is caught before it unwinds past the lock, so this
            // does not happen; the state is consistent anyway.
            Err(TryLockError::Poisoned(e)) => Ok(e.into_inner()),
        }
    }

    fn qualname(&self) -> String {
        match self.class {
            Some(class) => format!("{class}.{}", self.name),
            None => self.name.to_owned(),
        }
    }

    /// Runs the future until it is pending or done: the value to yield, or the
    /// `StopIteration` carrying its result, or its error.
    fn step<'py>(&self, py: Python<'py>, value: Option<&Object<'py>>) -> PyResult<Object<'py>> {
        let mut guard = self.lock()?;
        let mut future = match core::mem::replace(&mut *guard, Step::Finished) {
            Step::Unstarted(future) => {
                if let Some(value) = value.filter(|v| !v.is_none()) {
                    *guard = Step::Unstarted(future);
                    drop(guard);
                    return Err(PyTypeError::new_err(format!(
                        "can't send non-None value to a just-started coroutine (got {})",
                        value.get_type().name()?
                    )));
                }
                future
            }
            Step::Suspended(future) => future,
            Step::Finished => {
                return Err(PyRuntimeError::new_err(
                    "cannot reuse already awaited coroutine",
                ));
            }
        };
        self.waker.reset();
        let waker = self.waker.clone().into();
        let polled = catch_unwind(AssertUnwindSafe(|| {
            future.as_mut().poll(&mut Context::from_waker(&waker))
        }));
        match polled {
            // Suspending runs Python code (the loop's methods) with the state still
            // locked: a re-entrant `send` meanwhile is told the coroutine is running.
            Ok(Poll::Pending) => match self.waker.suspend(py, self.name) {
                Ok(yielded) => {
                    *guard = Step::Suspended(future);
                    Ok(yielded)
                }
                // An exception leaving a coroutine finishes it.
                Err(err) => {
                    drop(guard);
                    drop(future);
                    Err(err)
                }
            },
            Ok(Poll::Ready(result)) => {
                drop(guard);
                drop(future);
                let value = result?;
                Err(stop_iteration(py, value)?)
            }
            Err(payload) => {
                drop(guard);
                // A future that panicked may panic again as it is dropped.
                let _ = catch_unwind(AssertUnwindSafe(move || drop(future)));
                Err(crate::panic::PanicException::from_panic_payload(
                    py, payload,
                ))
            }
        }
    }

    /// Drops the future, if any, outside the lock (its destructors may do anything).
    fn finish(&self) -> PyResult<()> {
        let previous = core::mem::replace(&mut *self.lock()?, Step::Finished);
        drop(previous);
        // A waker the future handed out may outlive it (in a timer, another runtime):
        // it lets go of the loop and the asyncio future now, not when it fires.
        self.waker.reset();
        Ok(())
    }
}

impl Drop for Coroutine {
    fn drop(&mut self) {
        // As in `finish`: a waker that outlives the coroutine holds nothing of it.
        self.waker.reset();
    }
}

#[pymethods(__abide_runtime)]
impl Coroutine {
    /// Runs the coroutine until it next suspends: returns what it yields, or raises
    /// `StopIteration` with its result.
    fn send<'py>(&self, py: Python<'py>, value: Object<'py>) -> PyResult<Object<'py>> {
        self.step(py, Some(&value))
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>> {
        self.step(py, None)
    }

    fn __await__(slf: crate::class::PyRef<'_, Self>) -> crate::class::PyRef<'_, Self> {
        slf
    }

    /// Raises an exception where the coroutine is suspended. A Rust future cannot catch
    /// it: the future is dropped and the exception propagates, as from an `async def`
    /// that does not catch it. A function with a [`CancelHandle`] gets the exception in
    /// its handle instead, and the future is polled again.
    #[py(signature = (typ, val = None, tb = None))]
    fn throw<'py>(
        &self,
        py: Python<'py>,
        typ: Object<'py>,
        val: Option<Object<'py>>,
        tb: Option<Object<'py>>,
    ) -> PyResult<Object<'py>> {
        let exc = exception_to_throw(typ, val, tb)?;
        if let Some(thrower) = &self.thrower {
            if !matches!(*self.lock()?, Step::Finished) {
                thrower.throw(exc.unbind());
                return self.step(py, None);
            }
        }
        self.finish()?;
        Err(PyErr::from_value(exc))
    }

    /// Drops the Rust future (running its destructors); the coroutine is finished.
    fn close(&self) -> PyResult<()> {
        self.finish()
    }

    #[getter]
    fn __name__(&self) -> &'static str {
        self.name
    }

    #[getter]
    fn __qualname__(&self) -> String {
        self.qualname()
    }

    fn __repr__(slf: crate::class::PyRef<'_, Self>) -> String {
        format!(
            "<abide coroutine object {} at {:p}>",
            slf.qualname(),
            slf.as_object().as_ptr()
        )
    }
}

/// The exception `throw(typ, val, tb)` raises, as a coroutine's `throw` builds it: an
/// exception instance, or a class called with `val` (`val` itself if it is already an
/// instance of the class), with `tb` as its traceback.
fn exception_to_throw<'py>(
    typ: Object<'py>,
    val: Option<Object<'py>>,
    tb: Option<Object<'py>>,
) -> PyResult<Object<'py>> {
    let val = val.filter(|v| !v.is_none());
    let tb = tb.filter(|t| !t.is_none());
    // SAFETY: valid objects.
    let exc = if unsafe { crate::compat::exception_instance_check(typ.as_ptr()) } != 0 {
        if val.is_some() {
            return Err(PyTypeError::new_err(
                "instance exception may not have a separate value",
            ));
        }
        typ
    // SAFETY: a valid object.
    } else if unsafe { crate::compat::exception_class_check(typ.as_ptr()) } {
        let ty: crate::types::TypeObject<'py> = typ.extract()?;
        match val {
            Some(v) if v.is_instance(&ty)? => v,
            Some(v) => match v.extract::<crate::types::Tuple<'py>>() {
                Ok(args) => typ.call(args, None)?,
                Err(_) => typ.call1((v,))?,
            },
            None => typ.call0()?,
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            typ.get_type().name()?
        )));
    };
    if let Some(tb) = tb {
        exc.call_method1("with_traceback", (tb,))?;
    }
    Ok(exc)
}

/// `StopIteration(value)`, made as an instance so that a tuple or an exception `value`
/// is the exception's `value` and not its arguments or itself.
fn stop_iteration(py: Python<'_>, value: Py<PyAny>) -> PyResult<PyErr> {
    use crate::exceptions::{PyExceptionType, PyStopIteration};
    // SAFETY: a built-in exception class, alive as long as the interpreter.
    let class = unsafe { Object::from_borrowed_ptr(py, PyStopIteration::type_object_raw()) };
    Ok(PyErr::from_value(class.call1((value,))?))
}

/// Wraps the future an `async fn` returns into a [`Coroutine`] whose result is
/// `convert(output)`: a new reference for the trampoline to return. `name` is the
/// function's Python name, `class` the class's for a method, `thrower` the other side of
/// the function's [`CancelHandle`] if it takes one.
#[doc(hidden)]
pub fn new<F, C>(
    py: Python<'_>,
    name: &'static str,
    class: Option<&'static str>,
    thrower: Option<Thrower>,
    future: F,
    convert: C,
) -> PyResult<*mut ffi::PyObject>
where
    F: Future + Send + 'static,
    C: for<'py> FnOnce(F::Output, Python<'py>) -> PyResult<*mut ffi::PyObject> + Send + 'static,
{
    let converted = async move {
        let output = future.await;
        // SAFETY: futures are polled by `Coroutine::step`, which runs attached.
        let py = unsafe { Python::assume_attached() };
        let ptr = convert(output, py)?;
        // SAFETY: the conversion returns a new reference.
        Ok(unsafe { Py::from_owned_ptr(ptr) })
    };
    let coroutine = Coroutine {
        name,
        class,
        waker: AsyncioWaker::new(),
        state: Mutex::new(Step::Unstarted(Box::pin(converted))),
        thrower,
    };
    Ok(Py::new(py, coroutine)?.into_ptr())
}
