//! Handles to an interpreter, for threads that Python did not start: attach to the
//! interpreter a call came from, and get an error instead of a hang or a crash once that
//! interpreter is finalizing or gone (PEP 788).
//!
//! [`Python::attach`] attaches to the *main* interpreter, all that CPython's
//! `PyGILState_Ensure` knows. A thread that Rust starts from a call made in a
//! subinterpreter (a worker pool, a progress callback, an async runtime's thread) must
//! attach to *that* interpreter instead, or it touches the subinterpreter's objects from
//! the main one. And a thread that attaches while the interpreter shuts down hangs or
//! crashes the process. Take a handle while attached, move it to the thread, and attach
//! through it:
//!
//! ```no_run
//! use abide::prelude::*;
//!
//! /// Calls `callback(i)` from four Rust threads, in the caller's interpreter.
//! #[pyfunction]
//! fn fan_out(py: Python<'_>, callback: Py<PyAny>) -> PyResult<Vec<i64>> {
//!     let interp = py.interpreter()?;
//!     let results = py.detach(|| {
//!         std::thread::scope(|s| {
//!             let workers: Vec<_> = (0..4)
//!                 .map(|i| {
//!                     let (interp, callback) = (&interp, &callback);
//!                     s.spawn(move || {
//!                         interp.attach(|py| callback.bind(py).call1((i,))?.extract::<i64>())
//!                     })
//!                 })
//!                 .collect();
//!             workers.into_iter().map(|w| w.join().expect("worker panicked")).collect::<Vec<_>>()
//!         })
//!     });
//!     // `?` turns an `InterpreterGone` into `RuntimeError`.
//!     results.into_iter().map(|r| r?).collect()
//! }
//! ```
//!
//! ## On each CPython
//!
//! - **3.15+** (GIL and free-threaded): PEP 788. A handle is a `PyInterpreterView`;
//!   [`Interpreter::attach`] is `PyThreadState_EnsureFromView`, which holds off the
//!   interpreter's finalization while `f` runs and fails once it has begun.
//! - **3.11 to 3.14**: a handle is the interpreter's `PyInterpreterState` pointer and a
//!   record that the interpreter's `atexit` hook closes (abide registers it when the first
//!   handle is taken). Attaching makes a thread state for the interpreter and deletes it
//!   after `f`. The hook refuses new attaches and waits for running ones and for guards,
//!   so the protection matches 3.15's, with two differences: it starts when the
//!   interpreter's `atexit` hooks run (abide's among them), and Python code
//!   that unregisters abide's hook by hand (finding it through `gc`) turns the waiting
//!   off; handles then fail at once rather than reach a freed interpreter.
//!
//! [`Python::attach`] remains as it was: `PyGILState_Ensure`, the main interpreter, and a
//! thread that hangs if it attaches during finalization.

mod fallback;
mod pep788;

/// The PEP 788 functions abide looks up when a module loads (for the symbol audit).
#[doc(hidden)]
pub use pep788::functions as pep_788_functions;
pub(crate) use pep788::init;

use crate::err::{PyErr, PyResult};
use crate::python::{Python, Scope};
use std::cell::RefCell;
use std::sync::Arc;

/// The interpreter is finalizing or gone: a handle can no longer attach to it.
///
/// `?` converts it to a Python `RuntimeError` in a function that returns [`PyResult`].
///
/// ```no_run
/// use abide::interpreter::{Interpreter, InterpreterGone};
///
/// fn report(interp: &Interpreter, done: usize) {
///     match interp.attach(|py| println!("{done} done ({:?})", py.None())) {
///         Ok(()) => {}
///         Err(InterpreterGone) => { /* Python is shutting down: stop reporting */ }
///     }
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InterpreterGone;

impl core::fmt::Display for InterpreterGone {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("the Python interpreter is finalizing or gone")
    }
}

impl std::error::Error for InterpreterGone {}

impl From<InterpreterGone> for PyErr {
    fn from(e: InterpreterGone) -> PyErr {
        crate::exceptions::PyRuntimeError::new_err(e.to_string())
    }
}

/// A handle to one Python interpreter (the main one or a subinterpreter), for threads
/// that Python did not start. `Send`, `Sync` and cheap to clone; take it with
/// [`Python::interpreter`] while attached, and attach any thread to that interpreter
/// with [`attach`](Interpreter::attach). Holding it does not keep the interpreter alive,
/// and dropping it is harmless at any time, also after the interpreter is gone.
#[derive(Clone)]
pub struct Interpreter {
    inner: Arc<Inner>,
}

struct Inner {
    id: i64,
    kind: Kind,
}

enum Kind {
    /// A `PyInterpreterView *` (3.15+), closed with the last clone.
    View(pep788::Ptr),
    /// Before 3.15.
    Tracked(Arc<fallback::Liveness>),
}

// SAFETY: PEP 788's views may be used and closed from any thread, with or without a
// thread state; `Liveness` is Send + Sync.
unsafe impl Send for Inner {}
// SAFETY: as above.
unsafe impl Sync for Inner {}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Kind::View(view) = self.kind {
            // SAFETY: the view this handle opened, closed once (the last clone); needs no
            // thread state.
            unsafe { pep788::view_close(view) }
        }
    }
}

impl core::fmt::Debug for Interpreter {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Interpreter")
            .field("id", &self.id())
            .finish()
    }
}

impl<'py> Python<'py> {
    /// A handle to the interpreter this thread is attached to, for attaching other threads
    /// to it (see [`Interpreter`]).
    ///
    /// Fails only when out of memory, or (before 3.15) when `atexit` is not CPython's.
    pub fn interpreter(self) -> PyResult<Interpreter> {
        // SAFETY: attached (the token).
        let id =
            unsafe { crate::ffi::PyInterpreterState_GetID(crate::ffi::PyInterpreterState_Get()) };
        let kind = if pep788::available() {
            // SAFETY: attached; PEP 788 is there.
            let view = unsafe { pep788::view_from_current() };
            if view.is_null() {
                return Err(PyErr::fetch(self));
            }
            Kind::View(view)
        } else {
            Kind::Tracked(fallback::current(self)?)
        };
        Ok(Interpreter {
            inner: Arc::new(Inner { id, kind }),
        })
    }
}

impl Interpreter {
    /// The interpreter's ID: `0` for the main interpreter, as Python's
    /// `concurrent.interpreters.get_current().id` says.
    pub fn id(&self) -> i64 {
        self.inner.id
    }

    /// Runs `f` with this thread attached to the interpreter: from any thread, attached or
    /// not (to it or to another interpreter; the thread comes back to where it was). Calls
    /// nest.
    ///
    /// Returns `Err(InterpreterGone)`, without running `f`, once the interpreter is
    /// finalizing or gone. While `f` runs, the interpreter does not start to finalize:
    /// a shutdown waits for `f` to return.
    pub fn attach<F, R>(&self, f: F) -> Result<R, InterpreterGone>
    where
        F: for<'py> FnOnce(Python<'py>) -> R,
    {
        // Also when it fails: the thread's objects are most likely this interpreter's.
        set_home(self);
        match &self.inner.kind {
            Kind::View(view) => {
                // SAFETY: an open view (closed when the last clone drops).
                let token = unsafe { pep788::ensure_from_view(*view) };
                if token.is_null() {
                    return Err(InterpreterGone);
                }
                Ok(attached_by(token, f))
            }
            Kind::Tracked(live) => {
                let hold = live.hold()?;
                Ok(fallback::attach(&hold, f))
            }
        }
    }

    /// Keeps the interpreter from starting to finalize until the guard is dropped, for work
    /// that must finish (flushing a file a Python object owns, a last report). Fails once
    /// it is finalizing or gone.
    ///
    /// A shutdown of the interpreter *waits* for every guard: drop guards promptly, and
    /// never keep one on a thread that waits for the interpreter to exit.
    pub fn guard(&self) -> Result<InterpreterGuard, InterpreterGone> {
        let kind = match &self.inner.kind {
            Kind::View(view) => {
                // SAFETY: an open view.
                let guard = unsafe { pep788::guard_from_view(*view) };
                if guard.is_null() {
                    return Err(InterpreterGone);
                }
                GuardKind::Pep788(guard)
            }
            Kind::Tracked(live) => GuardKind::Tracked(live.hold()?),
        };
        Ok(InterpreterGuard {
            kind,
            interp: self.clone(),
        })
    }
}

/// Holds off an interpreter's finalization while it lives (see [`Interpreter::guard`]).
/// `Send` and `Sync`: attach with it from any thread.
pub struct InterpreterGuard {
    kind: GuardKind,
    interp: Interpreter,
}

enum GuardKind {
    /// A `PyInterpreterGuard *`, closed on drop.
    Pep788(pep788::Ptr),
    Tracked(fallback::Hold),
}

// SAFETY: PEP 788's guards may be used from any thread and closed without a thread
// state; the fallback's parts are Send + Sync.
unsafe impl Send for InterpreterGuard {}
// SAFETY: as above.
unsafe impl Sync for InterpreterGuard {}

impl Drop for InterpreterGuard {
    fn drop(&mut self) {
        if let GuardKind::Pep788(guard) = self.kind {
            // SAFETY: the guard this value opened; every attach through it has returned
            // (they borrow `self`).
            unsafe { pep788::guard_close(guard) }
        }
    }
}

impl InterpreterGuard {
    /// Runs `f` attached to the guarded interpreter, which cannot be gone: unlike
    /// [`Interpreter::attach`] this cannot fail (it panics only if CPython cannot
    /// allocate a thread state).
    pub fn attach<F, R>(&self, f: F) -> R
    where
        F: for<'py> FnOnce(Python<'py>) -> R,
    {
        set_home(&self.interp);
        match &self.kind {
            GuardKind::Pep788(guard) => {
                // SAFETY: an open guard, open until `self` drops (after this borrow).
                let token = unsafe { pep788::ensure(*guard) };
                assert!(
                    !token.is_null(),
                    "out of memory: no thread state for the interpreter"
                );
                attached_by(token, f)
            }
            GuardKind::Tracked(hold) => fallback::attach(hold, f),
        }
    }
}

thread_local! {
    /// The interpreter this thread last attached to (or tried to) through a handle: where a `Py<T>`
    /// dropped on it while not attached is released (see [`release_unattached`]).
    static HOME: RefCell<Option<Interpreter>> = const { RefCell::new(None) };
}

/// Notes `interp` as this thread's home interpreter.
fn set_home(interp: &Interpreter) {
    let _ = HOME.try_with(|home| {
        let same = matches!(&*home.borrow(), Some(h) if Arc::ptr_eq(&h.inner, &interp.inner));
        if !same {
            // The previous handle drops here: closing a view needs no thread state.
            home.replace(Some(interp.clone()));
        }
    });
}

/// Runs `release` attached, on a thread that is not: for dropping a `Py<T>` or a buffer
/// anywhere. Where to attach, in this order:
/// - a thread that has used an [`Interpreter`] handle: that interpreter (the last one);
/// - a thread Python knows (it has a thread state, detached in `py.detach`): its own
///   interpreter, through `PyGILState_Ensure`;
/// - any other thread: the main interpreter, through PEP 788 on 3.15+
///   (`PyGILState_Ensure` before).
///
/// Where the interpreter is finalizing or gone (3.15+, or a handle's on any version),
/// `release` is *not* run: what it would release belongs to that interpreter, and is
/// leaked rather than released elsewhere or waited for forever.
pub(crate) fn release_unattached(release: impl FnOnce()) {
    let home = HOME.try_with(|home| home.borrow().clone()).ok().flatten();
    if let Some(interp) = home {
        // Err: the interpreter is gone, and `release` is not run.
        let _ = interp.attach(|_| release());
        return;
    }
    // SAFETY: callable on any thread.
    let known = !unsafe { crate::ffi::PyGILState_GetThisThreadState() }.is_null();
    if !known && pep788::available() {
        // SAFETY: needs no thread state.
        let view = unsafe { pep788::view_from_main() };
        if !view.is_null() {
            // SAFETY: an open view, closed after the attach.
            let token = unsafe { pep788::ensure_from_view(view) };
            if !token.is_null() {
                attached_by(token, |_| release());
            }
            // SAFETY: the view opened above.
            unsafe { pep788::view_close(view) };
        }
        return;
    }
    Python::attach(|_| release());
}

impl Interpreter {
    /// Runs `f(py, objects)` attached to this interpreter, for releasing objects of it
    /// from any thread; once the interpreter is gone, `objects` are leaked instead (they
    /// cannot be released anywhere else).
    pub(crate) fn release_in<T>(&self, objects: T, f: impl for<'py> FnOnce(Python<'py>, T)) {
        let mut objects = Some(objects);
        let released = self.attach(|py| {
            if let Some(objects) = objects.take() {
                f(py, objects);
            }
        });
        if released.is_err() {
            core::mem::forget(objects);
        }
    }
}

/// Runs `f` attached through a `PyThreadState_Ensure` token, and releases it after, also
/// when `f` panics.
fn attached_by<F, R>(token: pep788::Ptr, f: F) -> R
where
    F: for<'py> FnOnce(Python<'py>) -> R,
{
    struct Release(pep788::Ptr);
    impl Drop for Release {
        fn drop(&mut self) {
            // SAFETY: the token of the successful ensure below, on this thread, once.
            unsafe { pep788::release(self.0) }
        }
    }
    let _release = Release(token);
    let _scope = Scope::attached();
    // SAFETY: attached until `_release` drops (after `_scope`).
    f(unsafe { Python::assume_attached() })
}
