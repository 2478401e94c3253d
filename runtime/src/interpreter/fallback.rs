//! Interpreter handles before CPython 3.15, which has no PEP 788.
//!
//! A handle holds the interpreter's `PyInterpreterState *` and a [`Liveness`] record that
//! says whether the pointer may still be used. The record is closed by the interpreter's
//! own `atexit` hook, which runs in `Py_FinalizeEx` and `Py_EndInterpreter` before
//! anything is torn down: it refuses new attaches and waits (detached) for the running
//! ones and for the [`Hold`]s of guards to end, which is what PEP 788's guards do on 3.15.
//! If the hook is dropped unrun (Python code unregistering it), dropping it closes the
//! record too, so a handle never reaches a freed interpreter; only the waiting is lost.
//!
//! Attaching makes a fresh thread state for the interpreter (`PyThreadState_New`) and
//! deletes it afterwards: a thread state left behind would make `Py_EndInterpreter` of a
//! subinterpreter abort ("not the last thread").

use super::InterpreterGone;
use crate::err::PyResult;
use crate::exceptions::PyRuntimeError;
use crate::ffi;
use crate::impl_::function::FunctionDef;
use crate::object::PyAnyMethods;
use crate::python::{Python, Scope};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Whether an interpreter may still be attached to, and how many are using it.
pub(super) struct Liveness {
    interp: *mut ffi::PyInterpreterState,
    id: i64,
    state: Mutex<State>,
    idle: Condvar,
}

// SAFETY: the pointer is only used while `state` says the interpreter is alive and a
// `Hold` keeps it so; everything else is behind the mutex.
unsafe impl Send for Liveness {}
// SAFETY: as above.
unsafe impl Sync for Liveness {}

#[derive(Default)]
struct State {
    /// The interpreter is finalizing or gone: no new attaches or guards.
    closing: bool,
    /// Attaches and guards in progress.
    active: usize,
}

/// The live records, at most one per interpreter (by interpreter ID, which CPython never
/// reuses in a process); removed when closed.
static REGISTRY: Mutex<Vec<Arc<Liveness>>> = Mutex::new(Vec::new());

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One attach or guard in progress: the interpreter does not finalize until it drops.
pub(super) struct Hold(Arc<Liveness>);

impl Drop for Hold {
    fn drop(&mut self) {
        let mut state = lock(&self.0.state);
        state.active -= 1;
        if state.active == 0 {
            self.0.idle.notify_all();
        }
    }
}

impl Liveness {
    /// Counts one more user, unless the interpreter is finalizing or gone.
    pub(super) fn hold(self: &Arc<Self>) -> Result<Hold, InterpreterGone> {
        let mut state = lock(&self.state);
        if state.closing {
            return Err(InterpreterGone);
        }
        state.active += 1;
        Ok(Hold(self.clone()))
    }

    /// Refuses new users from now on.
    fn close(&self) {
        lock(&self.state).closing = true;
        lock(&REGISTRY).retain(|l| l.id != self.id);
    }

    /// Refuses new users, then waits (detached, so that they can attach) until the
    /// current ones are done.
    fn close_and_wait(&self, py: Python<'_>) {
        self.close();
        py.detach(|| {
            let mut state = lock(&self.state);
            while state.active > 0 {
                state = self.idle.wait(state).unwrap_or_else(|e| e.into_inner());
            }
        });
    }
}

/// The record of the current interpreter: the existing one, or a new one whose `atexit`
/// hook is registered here.
pub(super) fn current(py: Python<'_>) -> PyResult<Arc<Liveness>> {
    // SAFETY: attached (the token).
    let interp = unsafe { ffi::PyInterpreterState_Get() };
    // SAFETY: the current interpreter.
    let id = unsafe { ffi::PyInterpreterState_GetID(interp) };
    let live = {
        let mut registry = lock(&REGISTRY);
        if let Some(live) = registry.iter().find(|l| l.id == id) {
            return Ok(live.clone());
        }
        let live = Arc::new(Liveness {
            interp,
            id,
            state: Mutex::default(),
            idle: Condvar::new(),
        });
        registry.push(live.clone());
        live
    };
    if let Err(e) = register_exit_hook(py, &live) {
        live.close();
        return Err(e);
    }
    Ok(live)
}

/// What the hook's capsule owns: closes the record when the hook is dropped, run or not.
struct ExitHook(Arc<Liveness>);

impl Drop for ExitHook {
    fn drop(&mut self) {
        self.0.close();
    }
}

const CAPSULE_NAME: &core::ffi::CStr = c"abide.interpreter.exit_hook";

/// `atexit.register(hook)`, with `atexit` checked to be CPython's module: a stand-in put
/// in `sys.modules` or `builtins.__import__` must not be able to keep the hook from
/// running while keeping it alive.
fn register_exit_hook(py: Python<'_>, live: &Arc<Liveness>) -> PyResult<()> {
    let register = py.import("atexit")?.getattr("register")?;
    let owner = register.getattr("__self__")?;
    // SAFETY: valid objects; `PyCFunction_Type` is a static type.
    let genuine = unsafe {
        crate::compat::py_type(register.as_ptr()) == &raw mut ffi::PyCFunction_Type
            && crate::compat::module_check(owner.as_ptr()) != 0
    } && owner.getattr("__name__")?.extract::<String>()? == "atexit";
    if !genuine {
        return Err(PyRuntimeError::new_err(
            "`atexit` is not CPython's own module: abide cannot protect interpreter handles",
        ));
    }
    let capsule = crate::capsule::new(py, CAPSULE_NAME, ExitHook(live.clone()))?;
    static HOOK: FunctionDef = FunctionDef::noargs(c"_abide_interpreter_exit", c"", on_exit);
    let hook = crate::capsule::function(&capsule, &HOOK)?;
    register.call1((hook,))?;
    Ok(())
}

/// The `atexit` hook: the interpreter is about to finalize.
unsafe extern "C" fn on_exit(
    capsule: *mut ffi::PyObject,
    _: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls a function attached.
    let py = unsafe { Python::assume_attached() };
    crate::impl_::trampoline::trampoline(py, |py| {
        // SAFETY: the function's `self`, a capsule of this library holding an `ExitHook`.
        let hook: &ExitHook = unsafe { crate::capsule::value(py, capsule, CAPSULE_NAME) }?;
        hook.0.close_and_wait(py);
        Ok(py.None().into_ptr())
    })
}

/// Runs `f` attached to the interpreter that `hold` keeps alive.
pub(super) fn attach<F, R>(hold: &Hold, f: F) -> R
where
    F: for<'py> FnOnce(Python<'py>) -> R,
{
    let live = &hold.0;
    if crate::python::attached_here() {
        // SAFETY: attached.
        if unsafe { ffi::PyInterpreterState_Get() } == live.interp {
            // SAFETY: attached to that interpreter already.
            return f(unsafe { Python::assume_attached() });
        }
        // Attached to another interpreter: leave it for the time of `f`.
        struct Restore(*mut ffi::PyThreadState);
        impl Drop for Restore {
            fn drop(&mut self) {
                // SAFETY: pairs the PyEval_SaveThread below, on this thread.
                unsafe { ffi::PyEval_RestoreThread(self.0) }
            }
        }
        // SAFETY: attached.
        let _restore = Restore(unsafe { ffi::PyEval_SaveThread() });
        return with_new_thread_state(live.interp, f);
    }
    with_new_thread_state(live.interp, f)
}

/// Runs `f` attached to `interp` through a thread state made for it, then deletes that.
fn with_new_thread_state<F, R>(interp: *mut ffi::PyInterpreterState, f: F) -> R
where
    F: for<'py> FnOnce(Python<'py>) -> R,
{
    struct Delete(*mut ffi::PyThreadState);
    impl Drop for Delete {
        fn drop(&mut self) {
            // SAFETY: the thread state attached below; cleared attached, deleted detached.
            unsafe {
                ffi::PyThreadState_Clear(self.0);
                ffi::PyEval_ReleaseThread(self.0);
                ffi::PyThreadState_Delete(self.0);
            }
        }
    }
    // SAFETY: the interpreter is alive (the caller's hold); needs no thread state.
    let tstate = unsafe { ffi::PyThreadState_New(interp) };
    assert!(
        !tstate.is_null(),
        "out of memory: no thread state for the interpreter"
    );
    // SAFETY: a new thread state of this thread, not attached anywhere.
    unsafe { ffi::PyEval_AcquireThread(tstate) };
    let _delete = Delete(tstate);
    let _scope = Scope::attached();
    // SAFETY: attached until `_delete` drops (after `_scope`).
    f(unsafe { Python::assume_attached() })
}
