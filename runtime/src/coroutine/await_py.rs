//! Awaiting a Python awaitable from inside an `async fn`: [`await_py`] schedules it on
//! the running asyncio loop as a Task (`asyncio.ensure_future`) and completes with its
//! result; a done-callback on the Task wakes the Rust future.

use crate::err::PyResult;
use crate::exceptions::PyRuntimeError;
use crate::ffi;
use crate::impl_::function::FunctionDef;
use crate::interpreter::Interpreter;
use crate::object::{Object, Py, PyAny, PyAnyMethods};
use crate::python::Python;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::sync::{Arc, Mutex};

/// Awaits a Python awaitable (a coroutine, a Task, a Future) from Rust, inside an abide
/// `async fn`:
///
/// ```no_run
/// use abide::coroutine::await_py;
/// use abide::prelude::*;
///
/// /// `await call_twice(fetch, url)`: awaits the Python `fetch(url)` twice, concurrently
/// /// with whatever else the event loop runs.
/// #[pyfunction]
/// async fn call_twice(fetch: Py<PyAny>, url: String) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
///     let call = || Python::attach(|py| fetch.bind(py).call1((url.as_str(),)).map(Object::unbind));
///     let first = await_py(call()?).await?;
///     let second = await_py(call()?).await?;
///     Ok((first, second))
/// }
/// ```
///
/// The awaitable runs as a Task of the asyncio loop running on the thread that first
/// polls the returned future, so poll it from the coroutine itself (the `async fn`'s
/// body), not from a task spawned on another runtime's threads, which have no running
/// loop: that fails with `RuntimeError`. An exception the awaitable raises is the
/// error; dropping the future before it completes (the coroutine being cancelled)
/// cancels the Task.
pub fn await_py(awaitable: Py<PyAny>) -> AwaitPy {
    AwaitPy {
        state: State::Unstarted(awaitable),
    }
}

/// The future [`await_py`] returns.
pub struct AwaitPy {
    state: State,
}

enum State {
    Unstarted(Py<PyAny>),
    Running {
        task: Py<PyAny>,
        waker: Arc<Mutex<Option<Waker>>>,
        /// The Task's interpreter, for cancelling it from a thread that is not attached.
        interp: Interpreter,
    },
    Done,
}

impl Future for AwaitPy {
    type Output = PyResult<Py<PyAny>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match attached(|py| this.poll_attached(py, cx)) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(err) => Poll::Ready(Err(err)),
        }
    }
}

impl AwaitPy {
    fn poll_attached(&mut self, py: Python<'_>, cx: &mut Context<'_>) -> PyResult<Poll<Py<PyAny>>> {
        match core::mem::replace(&mut self.state, State::Done) {
            State::Unstarted(awaitable) => {
                let waker = Arc::new(Mutex::new(Some(cx.waker().clone())));
                let interp = py.interpreter()?;
                let task = start(py, awaitable, waker.clone())?;
                self.state = State::Running {
                    task,
                    waker,
                    interp,
                };
                // The Task has not run yet: it completes on a later turn of the loop.
                Ok(Poll::Pending)
            }
            State::Running {
                task,
                waker,
                interp,
            } => {
                let bound = task.bind(py);
                if !bound.call_method0("done")?.is_truthy()? {
                    *waker.lock().unwrap_or_else(|e| e.into_inner()) = Some(cx.waker().clone());
                    self.state = State::Running {
                        task,
                        waker,
                        interp,
                    };
                    return Ok(Poll::Pending);
                }
                Ok(Poll::Ready(bound.call_method0("result")?.unbind()))
            }
            State::Done => Err(PyRuntimeError::new_err(
                "await_py's future was polled after it completed",
            )),
        }
    }
}

impl Drop for AwaitPy {
    fn drop(&mut self) {
        let State::Running { task, interp, .. } = core::mem::replace(&mut self.state, State::Done)
        else {
            return;
        };
        // Its result will never be read: the Task is cancelled, not left running.
        let cancel = |py: Python<'_>, task: Py<PyAny>| {
            let task = task.bind(py);
            if let Ok(false) = task.call_method0("done").and_then(|d| d.is_truthy()) {
                drop(task.call_method0("cancel"));
            }
        };
        if crate::python::attached_here() {
            // SAFETY: attached, as just checked (a coroutine's step, in the Task's
            // interpreter).
            cancel(unsafe { Python::assume_attached() }, task);
            return;
        }
        // Dropped elsewhere (a runtime's thread): in the Task's interpreter. If that is
        // gone, so is the Task, and its reference is leaked.
        interp.release_in(task, cancel);
    }
}

/// Runs `f` attached to the interpreter this thread is attached to (a coroutine's step
/// always is, to the coroutine's), or else attaching (to the main interpreter, which is
/// all `PyGILState_Ensure` knows: a poll from elsewhere then fails, as it finds no
/// running loop).
fn attached<R>(f: impl for<'py> FnOnce(Python<'py>) -> R) -> R {
    if crate::python::attached_here() {
        // SAFETY: attached, as just checked.
        f(unsafe { Python::assume_attached() })
    } else {
        Python::attach(f)
    }
}

/// Schedules `awaitable` on the running loop, with a done-callback that wakes `waker`.
fn start(
    py: Python<'_>,
    awaitable: Py<PyAny>,
    waker: Arc<Mutex<Option<Waker>>>,
) -> PyResult<Py<PyAny>> {
    let asyncio = py.import("asyncio")?;
    asyncio.call_method0("get_running_loop").map_err(|_| {
        PyRuntimeError::new_err(
            "await_py needs a running asyncio event loop on the thread that polls it: await \
             it in the async fn's own body, not in a task spawned on another runtime",
        )
    })?;
    let task = asyncio.call_method1("ensure_future", (awaitable,))?;
    task.call_method1("add_done_callback", (waker_callback(py, waker)?,))?;
    Ok(task.unbind())
}

const CAPSULE_NAME: &core::ffi::CStr = c"abide.await_py.waker";

/// A Python function `callback(task)` that wakes `waker` (kept in a capsule, its `self`).
fn waker_callback(py: Python<'_>, waker: Arc<Mutex<Option<Waker>>>) -> PyResult<Object<'_>> {
    static WAKE: FunctionDef = FunctionDef::one_arg(c"_abide_await_py_done", c"", wake_rust);
    crate::capsule::function(&crate::capsule::new(py, CAPSULE_NAME, waker)?, &WAKE)
}

/// The done-callback: wakes the Rust future, which then reads the Task's result.
unsafe extern "C" fn wake_rust(
    capsule: *mut ffi::PyObject,
    _task: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls a function attached.
    let py = unsafe { Python::assume_attached() };
    crate::impl_::trampoline::trampoline(py, |py| {
        // SAFETY: the capsule made in `waker_callback`, alive as the function's `self`.
        let waker: &Arc<Mutex<Option<Waker>>> =
            unsafe { crate::capsule::value(py, capsule, CAPSULE_NAME) }?;
        let waker = waker.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(waker) = waker {
            waker.wake();
        }
        Ok(py.None().into_ptr())
    })
}
