//! Panics never unwind into C: every entry point from Python catches them and raises
//! [`PanicException`] instead.

use crate::err::PyErr;
use crate::ffi;
use crate::object::Object;
use crate::python::Python;
use std::any::Any;

/// The exception raised in Python when Rust code panics.
///
/// Like PyO3's, it derives from `BaseException`, not `Exception`: a panic is a bug, and a
/// plain `except Exception:` should not swallow it. Its Python name is
/// `abide.PanicException`. There is one class per interpreter, kept in that
/// interpreter's `sys` module (never in a Rust `static`), so subinterpreters each have
/// their own.
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

/// Where the class is kept in `sys` (per interpreter).
const SYS_ATTR: &core::ffi::CStr = c"_abide_PanicException";

impl PanicException {
    /// The class object for the current interpreter, creating it on first use (`None`
    /// if creating it failed, with the error set).
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
        // SAFETY: attached; PySys_GetObject returns a borrowed reference or NULL without
        // setting an error.
        unsafe {
            let existing = ffi::PySys_GetObject(SYS_ATTR.as_ptr());
            if !existing.is_null() {
                return Some(Object::from_borrowed_ptr(py, existing));
            }
            let ty = ffi::PyErr_NewExceptionWithDoc(
                c"abide.PanicException".as_ptr(),
                c"A Rust panic in an abide extension, raised as a Python exception.".as_ptr(),
                ffi::PyExc_BaseException,
                core::ptr::null_mut(),
            );
            let ty = Object::from_owned_ptr_or_err(py, ty).ok()?;
            if ffi::PySys_SetObject(SYS_ATTR.as_ptr(), ty.as_ptr()) != 0 {
                ffi::PyErr_Clear();
            }
            Some(ty)
        }
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
            // SAFETY: the class made above is an exception class.
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
