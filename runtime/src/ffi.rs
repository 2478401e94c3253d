//! The raw C API that abide builds on: CPython's Limited API for the abi3t target, and
//! nothing else.
//!
//! This re-exports `pyo3-ffi` configured for abi3t (`Py_LIMITED_API` with
//! `Py_GIL_DISABLED`), where object fields such as `ob_refcnt` and `ob_type`, the
//! `PyModuleDef` machinery and the non-limited headers do not exist, so code written
//! against `abide::ffi` cannot step outside the Stable ABI by accident.
//!
//! ```no_run
//! use abide::ffi;
//! // Reference counts change through function calls under abi3t:
//! let _incref: unsafe extern "C" fn(*mut ffi::PyObject) = ffi::Py_IncRef;
//! ```

pub use pyo3_ffi::*;

use core::ffi::c_int;

/// `METH_METHOD` (Limited API since 3.9): the method receives its defining class.
///
/// pyo3-ffi 0.30 hides it under the Limited API; it has been part of it since 3.9.
pub const METH_METHOD: c_int = 0x0200;

/// The C signature of a `METH_METHOD | METH_FASTCALL | METH_KEYWORDS` method
/// (Limited API since 3.9).
pub type PyCMethod = unsafe extern "C" fn(
    slf: *mut PyObject,
    defining_class: *mut PyTypeObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject;
