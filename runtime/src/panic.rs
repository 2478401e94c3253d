//! Panics never unwind into C: every entry point from Python catches them and raises
//! [`PanicException`] instead.
//!
//! # Where the class is kept
//!
//! Each interpreter has one `PanicException` class per abide library. Python code must
//! not be able to replace or delete it (a panic would then raise whatever it named, or
//! crash on a freed object), so it is kept on the Rust side, in a registry of this
//! library: one entry per interpreter (by `PyInterpreterState_GetID`, never reused in a
//! process), holding a strong reference to that interpreter's class and the number of
//! this library's modules alive there. `Py_mod_exec` registers its module (creating the
//! class if the interpreter has none yet) and the module's state, when freed, releases
//! the registration; the last one out drops the class, so a subinterpreter's class goes
//! with it. The registry is the only place abide keeps a Python object outside module
//! state, and it never outlives the modules that use it.
//!
//! The registry's lock is never held while Python code can run: the class is created
//! (which may run a collection, hence arbitrary code) with the lock released and
//! inserted only if no other thread inserted one meanwhile (the loser's class is
//! dropped, unseen); references are released after the lock is. Two threads that panic
//! or import at once thus see the same class.

use crate::err::PyErr;
use crate::ffi;
use crate::object::Object;
use crate::python::Python;
use std::any::Any;
use std::sync::{Mutex, MutexGuard};

/// The exception raised in Python when Rust code panics.
///
/// Like PyO3's, it derives from `BaseException`, not `Exception`: a panic is a bug, and a
/// plain `except Exception:` should not swallow it. Its Python name is
/// `abide.PanicException`. There is one class per interpreter (so subinterpreters each
/// have their own) and per abide library, kept on the Rust side where Python code cannot
/// replace it: catch it by the type of a caught panic, or through
/// [`PanicException::type_object`] in Rust.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyfunction]
/// fn boom() {
///     panic!("this becomes abide.PanicException in Python");
/// }
/// ```
pub struct PanicException(());

/// One interpreter's class.
struct Entry {
    /// `PyInterpreterState_GetID` of the interpreter.
    interp: i64,
    /// A strong reference to its class, released when `users` drops to zero.
    class: *mut ffi::PyObject,
    /// This library's live modules in that interpreter.
    users: usize,
}

// SAFETY: the pointer is only dereferenced (reference counting) by threads attached to
// the entry's interpreter, which find it by that interpreter's id.
unsafe impl Send for Entry {}

/// The classes of this library, one per interpreter that has a live module of it.
static REGISTRY: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// Locks the registry. Nothing that can run Python code (or panic) happens under the
/// lock, so a poisoned lock still holds consistent data.
fn registry() -> MutexGuard<'static, Vec<Entry>> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// The id of the interpreter this thread is attached to (`None` with the error set if
/// it has none yet, which only happens while an interpreter starts).
fn interpreter_id(_py: Python<'_>) -> Option<i64> {
    // SAFETY: attached (the token), so there is a current interpreter.
    let id = unsafe { ffi::PyInterpreterState_GetID(ffi::PyInterpreterState_Get()) };
    (id >= 0).then_some(id)
}

/// A new `PanicException` class.
fn new_class(py: Python<'_>) -> Option<Object<'_>> {
    // SAFETY: attached; the strings are C string literals; a new reference or NULL with
    // the error set.
    unsafe {
        let ty = ffi::PyErr_NewExceptionWithDoc(
            c"abide.PanicException".as_ptr(),
            c"A Rust panic in an abide extension, raised as a Python exception.".as_ptr(),
            ffi::PyExc_BaseException,
            core::ptr::null_mut(),
        );
        Object::from_owned_ptr_or_err(py, ty).ok()
    }
}

/// A module's hold on its interpreter's class, taken by `Py_mod_exec` and kept in the
/// module's state; dropping it (when the state is freed) releases the hold, and the
/// class with the last one.
pub(crate) struct Registration {
    interp: i64,
}

impl Registration {
    /// Registers a module of this library in the current interpreter, creating the
    /// interpreter's class if it has none (`None` with the error set if that failed).
    pub(crate) fn new(py: Python<'_>) -> Option<Registration> {
        let interp = interpreter_id(py)?;
        {
            let mut entries = registry();
            if let Some(e) = entries.iter_mut().find(|e| e.interp == interp) {
                e.users += 1;
                return Some(Registration { interp });
            }
        }
        // Created without the lock (it can run Python code), then inserted unless another
        // thread got there first; then the first class wins and this one is dropped, so
        // only one is ever handed out.
        let class = new_class(py)?;
        let loser = {
            let mut entries = registry();
            match entries.iter_mut().find(|e| e.interp == interp) {
                Some(e) => {
                    e.users += 1;
                    Some(class)
                }
                None => {
                    entries.push(Entry {
                        interp,
                        class: class.into_ptr(),
                        users: 1,
                    });
                    None
                }
            }
        };
        drop(loser);
        Some(Registration { interp })
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let released = {
            let mut entries = registry();
            match entries.iter().position(|e| e.interp == self.interp) {
                Some(i) => {
                    entries[i].users -= 1;
                    (entries[i].users == 0).then(|| entries.swap_remove(i).class)
                }
                None => None,
            }
        };
        if let Some(class) = released {
            // SAFETY: the entry's reference, now ours; dropped where the module state is
            // freed, attached to the entry's interpreter.
            unsafe { ffi::Py_DecRef(class) };
        }
    }
}

/// The current interpreter's registered class, as a new reference (`None` if no module
/// of this library is alive in it).
fn registered(py: Python<'_>) -> Option<Object<'_>> {
    let Some(interp) = interpreter_id(py) else {
        // SAFETY: attached; the id lookup failed with an error set.
        unsafe { ffi::PyErr_Clear() };
        return None;
    };
    let entries = registry();
    let class = entries.iter().find(|e| e.interp == interp)?.class;
    // SAFETY: the entry holds a reference until it is removed, which needs the lock held
    // here; Py_IncRef runs no Python code.
    Some(unsafe { Object::from_borrowed_ptr(py, class) })
}

impl PanicException {
    /// The class object for the current interpreter, as a new (strong) reference.
    ///
    /// The class is created when the interpreter imports its first module of this
    /// library and lives as long as one of them does, so every thread sees the same
    /// object. Should Rust code panic in an interpreter where none of this library's
    /// modules is alive (a thread that Rust attached to a fresh interpreter, or a
    /// value dropped after its module was freed at shutdown), a new class is made for
    /// that one exception. `None` if creating it failed, with the error set.
    ///
    /// ```no_run
    /// use abide::panic::PanicException;
    /// use abide::prelude::*;
    ///
    /// /// Calls `f()`; reports whether it panicked (in Rust code it called).
    /// #[pyfunction]
    /// fn panicked(py: Python<'_>, f: Object<'_>) -> PyResult<bool> {
    ///     let Some(class) = PanicException::type_object(py) else {
    ///         return Err(PyErr::fetch(py));
    ///     };
    ///     let class: TypeObject<'_> = class.extract()?;
    ///     Ok(f.call0().is_err_and(|e| e.matches(py, &class)))
    /// }
    /// ```
    pub fn type_object(py: Python<'_>) -> Option<Object<'_>> {
        registered(py).or_else(|| new_class(py))
    }

    /// A `PanicException` error carrying the panic's message (a `&str` or `String`
    /// payload; other payloads get a generic message).
    ///
    /// abide does this at every boundary with CPython; use it where you catch panics
    /// yourself.
    ///
    /// ```no_run
    /// use abide::panic::PanicException;
    /// use abide::prelude::*;
    ///
    /// fn run_guarded(py: Python<'_>, job: impl FnOnce() -> i64) -> PyResult<i64> {
    ///     std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
    ///         .map_err(|payload| PanicException::from_panic_payload(py, payload))
    /// }
    /// ```
    pub fn from_panic_payload(py: Python<'_>, payload: Box<dyn Any + Send>) -> PyErr {
        let msg = panic_message(&*payload);
        match Self::type_object(py) {
            Some(ty) => {
                // SAFETY: the class made above is an exception class.
                let ty = unsafe { crate::types::TypeObject::from_object_unchecked(ty) };
                PyErr::from_type(&ty, msg)
            }
            None => PyErr::fetch(py),
        }
    }
}

/// The message of a panic payload (`panic!("...")` gives a `&str` or a `String`).
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "Rust panic with a non-string payload".to_owned()
    }
}
