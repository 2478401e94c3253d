//! Waking a coroutine from a thread that is not attached to its interpreter.
//!
//! Attaching such a thread (`PyGILState_Ensure`) to call `loop.call_soon_threadsafe`
//! makes and frees a thread state per wake, which costs hundreds of microseconds on the
//! free-threaded build, takes the GIL on the others, and always means the *main*
//! interpreter: a subinterpreter's objects must not be touched from another one, and a
//! thread Rust started attaches through an interpreter handle at best, which still makes a
//! thread state per wake. So an event loop gets a hub the first time one of its
//! coroutines suspends: a socket pair whose reading end the loop watches (`add_reader`).
//! A wake from any thread queues the future to resolve, without touching it, and writes a
//! byte; the loop's thread, attached to the right interpreter, resolves what is queued.
//! The sockets are closed when the loop is released.

use crate::err::PyResult;
use crate::ffi;
use crate::impl_::function::FunctionDef;
use crate::object::{Object, Py, PyAny, PyAnyMethods};
use crate::python::Python;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, MutexGuard};

/// An asyncio future to resolve, with its loop (kept so that both are released on the
/// loop's thread).
type Target = (Py<PyAny>, Py<PyAny>);

pub(super) struct Hub {
    /// The writing end: one byte per wake wakes the loop's selector.
    sender: UnixStream,
    queue: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    pending: Vec<Target>,
    /// The loop is gone: nothing will resolve what is queued any more.
    closed: bool,
}

/// What the loop keeps (in a capsule, as an attribute): the hub and the reading end.
struct LoopSide {
    hub: Arc<Hub>,
    receiver: UnixStream,
}

const CAPSULE_NAME: &core::ffi::CStr = c"abide.coroutine.hub";

impl Hub {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The hub of `event_loop`, the running loop of this thread: the one made earlier,
    /// or a new one, registered with the loop.
    pub(super) fn of_loop(py: Python<'_>, event_loop: &Object<'_>) -> PyResult<Arc<Hub>> {
        // The attribute is this library's own (another abide library has another address,
        // and its capsule another layout).
        static KEY: u8 = 0;
        let attribute = format!("_abide_wake_hub_{:x}", (&raw const KEY) as usize);
        if let Ok(capsule) = event_loop.getattr(&attribute) {
            // SAFETY: a capsule this library set, whose name says it holds a `LoopSide`;
            // `capsule` keeps it alive meanwhile.
            let side: &LoopSide =
                unsafe { crate::capsule::value(py, capsule.as_ptr(), CAPSULE_NAME) }?;
            return Ok(side.hub.clone());
        }
        let (sender, receiver) = UnixStream::pair()
            .and_then(|(s, r)| {
                s.set_nonblocking(true)?;
                r.set_nonblocking(true)?;
                Ok((s, r))
            })
            .map_err(|e| {
                crate::exceptions::PyOSError::new_err(format!(
                    "cannot make the wake socket pair: {e}"
                ))
            })?;
        let hub = Arc::new(Hub {
            sender,
            queue: Mutex::default(),
        });
        let fd = receiver.as_raw_fd();
        let side = LoopSide {
            hub: hub.clone(),
            receiver,
        };
        let capsule = crate::capsule::new(py, CAPSULE_NAME, side)?;
        static DRAIN: FunctionDef = FunctionDef::noargs(c"_abide_wake_drain", c"", drain);
        let drain = crate::capsule::function(&capsule, &DRAIN)?;
        // A loop without attributes or `add_reader` gets no hub (the waker attaches
        // through an interpreter handle instead).
        event_loop.setattr(&attribute, &capsule)?;
        if let Err(err) = event_loop.call_method1("add_reader", (fd, drain)) {
            // No reader: the next suspension must not find this hub either.
            let _ = event_loop.delattr(&attribute);
            return Err(err);
        }
        Ok(hub)
    }

    /// From any thread: queues `target` to be resolved on its loop's thread, and wakes the
    /// loop. Touches no Python object (no reference count changes): after the loop is
    /// gone, `target` is leaked rather than released on the wrong interpreter.
    pub(super) fn notify(&self, target: Target) {
        {
            let mut queue = self.lock();
            if queue.closed {
                core::mem::forget(target);
                return;
            }
            queue.pending.push(target);
        }
        // A full socket buffer already holds bytes that wake the loop.
        let _ = (&self.sender).write(&[1]);
    }
}

/// The loop's reader callback: resolves the futures queued since the last call.
unsafe extern "C" fn drain(
    capsule: *mut ffi::PyObject,
    _: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls a function attached.
    let py = unsafe { Python::assume_attached() };
    crate::impl_::trampoline::trampoline(py, |py| {
        // SAFETY: the function's `self`, a capsule of this library holding a `LoopSide`.
        let side: &LoopSide = unsafe { crate::capsule::value(py, capsule, CAPSULE_NAME) }?;
        let mut bytes = [0u8; 256];
        while matches!((&side.receiver).read(&mut bytes), Ok(n) if n > 0) {}
        let pending = core::mem::take(&mut side.hub.lock().pending);
        // Each future on its own: one that fails to resolve (it cannot, short of a broken
        // loop) must not leave the others' coroutines waiting.
        let mut first_error = None;
        for (_event_loop, future) in pending {
            let future = future.bind(py);
            let resolved = future.call_method0("done").and_then(|done| {
                if done.is_truthy()? {
                    Ok(())
                } else {
                    future.call_method1("set_result", (py.None(),)).map(drop)
                }
            });
            if let Err(err) = resolved {
                first_error.get_or_insert(err);
            }
        }
        match first_error {
            Some(err) => Err(err),
            None => Ok(py.None().into_ptr()),
        }
    })
}

impl Drop for LoopSide {
    /// The loop is being released (on its interpreter, attached): what is queued is
    /// released here, and later wakes leak their target instead.
    fn drop(&mut self) {
        let pending = {
            let mut queue = self.hub.lock();
            queue.closed = true;
            core::mem::take(&mut queue.pending)
        };
        drop(pending);
    }
}
