//! The boundary between C and Rust: every function CPython calls into abide goes through
//! [`trampoline`], which makes the attached-thread token, runs the body, turns an `Err`
//! into a raised exception and a panic into `PanicException`, and never lets a panic
//! unwind into C.

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::panic::PanicException;
use crate::python::Python;
use core::ffi::c_int;
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The value a C slot returns to signal "an exception is set".
pub trait ErrorValue: Copy {
    /// NULL, -1, ...
    const ERROR: Self;
}

impl ErrorValue for *mut ffi::PyObject {
    const ERROR: Self = core::ptr::null_mut();
}
impl ErrorValue for c_int {
    const ERROR: Self = -1;
}
impl ErrorValue for ffi::Py_ssize_t {
    const ERROR: Self = -1;
}

/// Runs `body` for a call from CPython (which makes such calls attached, hence the
/// token).
#[inline(always)]
pub fn trampoline<'py, R, F>(py: Python<'py>, body: F) -> R
where
    R: ErrorValue,
    F: FnOnce(Python<'py>) -> PyResult<R>,
{
    match catch_unwind(AssertUnwindSafe(|| body(py))) {
        Ok(Ok(value)) => value,
        Ok(Err(err)) => raise(py, err),
        Err(payload) => raise_panic(py, payload),
    }
}

#[cold]
#[inline(never)]
fn raise<R: ErrorValue>(py: Python<'_>, err: PyErr) -> R {
    // Raising can run Python code (an exception's __init__) that could, in principle,
    // reach a panicking Rust callback; keep that from unwinding too.
    if catch_unwind(AssertUnwindSafe(|| err.restore(py))).is_err() {
        set_fallback_error();
    }
    R::ERROR
}

#[cold]
#[inline(never)]
fn raise_panic<R: ErrorValue>(py: Python<'_>, payload: Box<dyn Any + Send>) -> R {
    let raised = catch_unwind(AssertUnwindSafe(|| {
        PanicException::from_panic_payload(py, payload).restore(py)
    }));
    if raised.is_err() {
        set_fallback_error();
    }
    R::ERROR
}

/// Last resort when even raising the proper exception panicked.
#[cold]
fn set_fallback_error() {
    // SAFETY: attached (we are inside a trampoline); the message is a C string literal.
    unsafe {
        ffi::PyErr_SetString(
            ffi::PyExc_SystemError,
            c"abide: a panic occurred while raising an exception".as_ptr(),
        )
    }
}
