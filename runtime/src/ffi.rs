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

// Items that pyo3-ffi declares under `Py_LIMITED_API` but the abi3t headers of CPython 3.15
// (`Python.h` with `Py_TARGET_ABI3T=0x030f0000`) do not. A private import of the same name
// shadows the glob re-export above, so `abide::ffi::NAME` is an error ("... is private")
// instead of a link to a symbol outside the Stable ABI; the compiler shows the line, with
// its comment, next to that error.
#[allow(unused_imports, hidden_glob_reexports, deprecated)]
use pyo3_ffi::{
    _PyHASH_MULTIPLIER,         // not in the Limited API
    PYOS_STACK_MARGIN,          // not declared by the headers of CPython 3.15
    Py_fstring_input,           // not declared by the headers of CPython 3.15
    PyBUF_WRITEABLE,            // not in the Limited API: use `PyBUF_WRITABLE`
    PyDictObject,               // not in the Limited API: use `PyObject`
    PyFloatObject,              // not in the Limited API: use `PyObject`
    PyList_Clear,               // not in the Limited API: use `PyList_SetSlice`
    PyList_Extend,              // not in the Limited API: use `PyList_SetSlice`
    PySys_AddWarnOption,        // stable ABI only, for old binaries; not in the headers
    PySys_AddWarnOptionUnicode, // stable ABI only, for old binaries; not in the headers
    PySys_AddXOption,           // stable ABI only, for old binaries; not in the headers
    PySys_HasWarnOptions,       // stable ABI only, for old binaries; not in the headers
    PySys_SetPath,              // stable ABI only, for old binaries; not in the headers
    compat,                     // for older targets; under abi3t 3.15 it reaches non-limited items
};

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

// The singletons, by their data symbols (stable ABI since 3.2, offered to abi3t):
// pyo3-ffi reaches them through `Py_GetConstantBorrowed`, which only 3.13+ has, so a
// library that used it would not load on 3.11 and 3.12. These definitions shadow the glob
// re-export above, for abide and for users of `abide::ffi` alike.
unsafe extern "C" {
    static mut _Py_NoneStruct: PyObject;
    static mut _Py_TrueStruct: PyObject;
    static mut _Py_FalseStruct: PyObject;
    static mut _Py_NotImplementedStruct: PyObject;
    static mut _Py_EllipsisObject: PyObject;
}

/// `Py_None`: the `None` singleton (borrowed).
///
/// # Safety
/// Always safe to call; `unsafe` as in `pyo3-ffi`.
#[inline(always)]
#[allow(non_snake_case)]
pub unsafe fn Py_None() -> *mut PyObject {
    &raw mut _Py_NoneStruct
}

/// `Py_True`: the `True` singleton (borrowed).
///
/// # Safety
/// Always safe to call; `unsafe` as in `pyo3-ffi`.
#[inline(always)]
#[allow(non_snake_case)]
pub unsafe fn Py_True() -> *mut PyObject {
    &raw mut _Py_TrueStruct
}

/// `Py_False`: the `False` singleton (borrowed).
///
/// # Safety
/// Always safe to call; `unsafe` as in `pyo3-ffi`.
#[inline(always)]
#[allow(non_snake_case)]
pub unsafe fn Py_False() -> *mut PyObject {
    &raw mut _Py_FalseStruct
}

/// `Py_NotImplemented`: the `NotImplemented` singleton (borrowed).
///
/// # Safety
/// Always safe to call; `unsafe` as in `pyo3-ffi`.
#[inline(always)]
#[allow(non_snake_case)]
pub unsafe fn Py_NotImplemented() -> *mut PyObject {
    &raw mut _Py_NotImplementedStruct
}

/// `Py_Ellipsis`: the `...` singleton (borrowed).
///
/// # Safety
/// Always safe to call; `unsafe` as in `pyo3-ffi`.
#[inline(always)]
#[allow(non_snake_case)]
pub unsafe fn Py_Ellipsis() -> *mut PyObject {
    &raw mut _Py_EllipsisObject
}

/// `Py_IsNone`.
///
/// # Safety
/// Always safe to call; `unsafe` as in `pyo3-ffi`.
#[inline(always)]
#[allow(non_snake_case)]
pub unsafe fn Py_IsNone(x: *mut PyObject) -> core::ffi::c_int {
    (x == &raw mut _Py_NoneStruct) as core::ffi::c_int
}

/// `Py_IsTrue`.
///
/// # Safety
/// Always safe to call; `unsafe` as in `pyo3-ffi`.
#[inline(always)]
#[allow(non_snake_case)]
pub unsafe fn Py_IsTrue(x: *mut PyObject) -> core::ffi::c_int {
    (x == &raw mut _Py_TrueStruct) as core::ffi::c_int
}

/// `Py_IsFalse`.
///
/// # Safety
/// Always safe to call; `unsafe` as in `pyo3-ffi`.
#[inline(always)]
#[allow(non_snake_case)]
pub unsafe fn Py_IsFalse(x: *mut PyObject) -> core::ffi::c_int {
    (x == &raw mut _Py_FalseStruct) as core::ffi::c_int
}
