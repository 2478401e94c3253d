//! The `Waker` of an abide coroutine under asyncio: when the Rust future is pending, the
//! coroutine yields an asyncio future that the Task driving it waits on; waking, from
//! any thread, resolves that future through `loop.call_soon_threadsafe`, so the Task
//! sends into the coroutine again and the Rust future is polled. No thread per call, no
//! busy polling.
//!
//! A wake that comes while the future is being polled (before the coroutine has yielded)
//! is remembered: the coroutine then yields a bare `None`, which asyncio answers by
//! scheduling the Task again at once.
//!
//! A wake from a thread that is not attached to the loop's interpreter goes through the
//! loop's hub (`hub.rs`) instead, touching no Python object: a thread Python does not
//! know would otherwise need a thread state made and freed for each wake (hundreds of
//! microseconds on the free-threaded build), and in a subinterpreter it could not attach
//! to the right interpreter at all.
//!
//! Python objects are never dropped, and Python is never called, while the lock is held:
//! either can run arbitrary code (a destructor, a thread switch on a GIL build), which
//! could try to wake this same waker.

use crate::err::PyResult;
use crate::exceptions::PyRuntimeError;
use crate::ffi;
use crate::impl_::function::FunctionDef;
use crate::interpreter::Interpreter;
use crate::object::{Object, Py, PyAny, PyAnyMethods};
use crate::python::Python;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Wake;

/// What a wake has to do.
enum Target {
    /// Being polled, or not yet suspended: a wake is only remembered.
    Idle,
    /// Woken while `Idle`: the next suspension yields at once.
    Woken,
    /// Suspended on `future`, an asyncio future of `event_loop`.
    Waiting {
        event_loop: Py<PyAny>,
        future: Py<PyAny>,
        route: Route,
    },
}

/// How a wake reaches the loop.
enum Route {
    /// Attach to the loop's interpreter through a handle and call
    /// `call_soon_threadsafe`: for a loop without a hub (one that takes no attributes or
    /// has no `add_reader`, or off Unix). After that interpreter is gone the wake is
    /// dropped, and the loop and future are leaked.
    Attach(Interpreter),
    /// Directly from a thread attached to the loop's interpreter, through the loop's
    /// hub from any other: no thread state to make, no Python object touched.
    #[cfg(unix)]
    Hub {
        hub: Arc<super::hub::Hub>,
        /// The `PyInterpreterState` pointer, compared only.
        interpreter: usize,
    },
}

impl Route {
    /// The route for a loop of the interpreter this thread is attached to.
    fn for_current(py: Python<'_>, event_loop: &Object<'_>) -> PyResult<Route> {
        // SAFETY: attached (the token).
        let interpreter = unsafe { ffi::PyInterpreterState_Get() };
        #[cfg(unix)]
        if let Ok(hub) = super::hub::Hub::of_loop(py, event_loop) {
            return Ok(Route::Hub {
                hub,
                interpreter: interpreter as usize,
            });
        }
        #[cfg(not(unix))]
        let _ = (event_loop, interpreter);
        Ok(Route::Attach(py.interpreter()?))
    }
}

/// Whether this thread is attached to the interpreter `interpreter` (a pointer).
#[cfg(unix)]
fn attached_to(interpreter: usize) -> bool {
    // SAFETY: asking for the interpreter is allowed once the thread is known attached.
    crate::python::attached_here()
        && unsafe { ffi::PyInterpreterState_Get() } as usize == interpreter
}

pub(super) struct AsyncioWaker {
    target: Mutex<Target>,
    /// Whether `target` is `Idle`, written with it under the lock: lets `reset`, which
    /// runs before every poll and usually finds nothing to do, skip the lock. A stale
    /// `true` (a wake on another thread just now) only leaves that wake in place, which
    /// costs one extra trip through the loop.
    idle: AtomicBool,
}

impl AsyncioWaker {
    pub(super) fn new() -> Arc<Self> {
        Arc::new(AsyncioWaker {
            target: Mutex::new(Target::Idle),
            idle: AtomicBool::new(true),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Target> {
        // Nothing panics while holding the lock; a poisoned lock holds a valid state.
        self.target.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets the target (the lock held), returning the previous one.
    fn set(&self, target: &mut MutexGuard<'_, Target>, new: Target) -> Target {
        self.idle
            .store(matches!(new, Target::Idle), Ordering::Relaxed);
        core::mem::replace(&mut **target, new)
    }

    /// Before each poll: forgets the previous suspension (its future is done, or the
    /// coroutine was resumed by a `send` without it).
    pub(super) fn reset(&self) {
        if self.idle.load(Ordering::Relaxed) {
            return;
        }
        let previous = self.set(&mut self.lock(), Target::Idle);
        drop(previous);
    }

    /// After a poll returned `Pending`: what the coroutine yields to the Task driving it.
    /// `name` is the coroutine's, for the error raised outside an event loop.
    pub(super) fn suspend<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Object<'py>> {
        if self.take_woken() {
            return Ok(py.None());
        }
        let asyncio = py.import("asyncio")?;
        let event_loop = asyncio.call_method0("get_running_loop").map_err(|_| {
            PyRuntimeError::new_err(format!(
                "{name}() is waiting for its Rust future, which needs a running asyncio \
                 event loop to wake it; await it inside one (asyncio.run, a Task)"
            ))
        })?;
        let route = Route::for_current(py, &event_loop)?;
        let future = event_loop.call_method0("create_future")?;
        // What `Future.__await__` sets before yielding itself: the Task checks it.
        future.setattr("_asyncio_future_blocking", true)?;
        let mut target = self.lock();
        if matches!(*target, Target::Woken) {
            self.set(&mut target, Target::Idle);
            drop(target);
            return Ok(py.None());
        }
        self.set(
            &mut target,
            Target::Waiting {
                event_loop: event_loop.unbind(),
                future: future.clone().unbind(),
                route,
            },
        );
        Ok(future)
    }

    /// Whether a wake came since the last poll began; consumes it.
    fn take_woken(&self) -> bool {
        let mut target = self.lock();
        if matches!(*target, Target::Woken) {
            self.set(&mut target, Target::Idle);
            true
        } else {
            false
        }
    }
}

impl Wake for AsyncioWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let previous = self.set(&mut self.lock(), Target::Woken);
        let Target::Waiting {
            event_loop,
            future,
            route,
        } = previous
        else {
            return;
        };
        match route {
            Route::Attach(interp) => {
                interp.release_in((event_loop, future), |py, (event_loop, future)| {
                    release(py, event_loop, future)
                });
            }
            #[cfg(unix)]
            Route::Hub { interpreter, .. } if attached_to(interpreter) => {
                // SAFETY: attached, to the loop's interpreter.
                release(unsafe { Python::assume_attached() }, event_loop, future);
            }
            #[cfg(unix)]
            Route::Hub { hub, .. } => hub.notify((event_loop, future)),
        }
    }
}

/// Schedules `future.set_result(None)` on its loop, from any thread. A loop that is
/// closed cannot resume the Task any more: the error is dropped.
fn release(py: Python<'_>, event_loop: Py<PyAny>, future: Py<PyAny>) {
    static RELEASE: FunctionDef = FunctionDef::noargs(c"_abide_wake", c"", resolve_future);
    // SAFETY: a static definition; `future` is a valid object, kept by the function.
    let callback = unsafe {
        Object::from_owned_ptr_or_err(
            py,
            ffi::PyCFunction_NewEx(RELEASE.as_ptr(), future.as_ptr(), core::ptr::null_mut()),
        )
    };
    let scheduled = callback.and_then(|callback| {
        event_loop
            .bind(py)
            .call_method1("call_soon_threadsafe", (callback,))
    });
    drop(scheduled);
}

/// The callback `release` schedules, with the future as `self`: resolves it unless the
/// Task has been cancelled meanwhile (which cancels the future it waits on).
unsafe extern "C" fn resolve_future(
    future: *mut ffi::PyObject,
    _: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls a function attached.
    let py = unsafe { Python::assume_attached() };
    crate::impl_::trampoline::trampoline(py, |py| {
        // SAFETY: the function's `self`, which it keeps alive.
        let future = unsafe { Object::from_borrowed_ptr(py, future) };
        if !future.call_method0("done")?.is_truthy()? {
            future.call_method1("set_result", (py.None(),))?;
        }
        Ok(py.None().into_ptr())
    })
}
