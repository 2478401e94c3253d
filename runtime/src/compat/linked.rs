//! The functions of [`super::fallbacks`], linked directly: with the `abi3-py313` feature
//! the library loads on CPython 3.13+ only, which has all of them.

use crate::ffi;
use core::ffi::{c_char, c_int, c_void};

/// Nothing to look up; but the library must import a 3.13 function even if it calls
/// none, so that CPython 3.11 and 3.12 refuse it when loading it (an `ImportError` naming
/// the missing symbol) and the wheel's tag (computed from the imports) says 3.13.
pub(super) fn init() {
    core::hint::black_box(ffi::PyDict_GetItemRef as *const c_void);
}

/// `PyErr_GetRaisedException`.
///
/// # Safety
/// Attached.
#[inline(always)]
pub unsafe fn get_raised_exception() -> *mut ffi::PyObject {
    // SAFETY: forwarded.
    unsafe { ffi::PyErr_GetRaisedException() }
}

/// `PyErr_SetRaisedException`.
///
/// # Safety
/// Attached; `exc` is NULL or an exception instance (stolen).
#[inline(always)]
pub unsafe fn set_raised_exception(exc: *mut ffi::PyObject) {
    // SAFETY: forwarded.
    unsafe { ffi::PyErr_SetRaisedException(exc) }
}

/// `PyObject_Vectorcall`.
///
/// # Safety
/// As for the C function.
#[inline(always)]
pub unsafe fn vectorcall(
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: forwarded.
    unsafe { ffi::PyObject_Vectorcall(callable, args, nargsf, kwnames) }
}

/// PEP 697 type data: always there from 3.12 on.
#[inline(always)]
pub fn has_type_data() -> bool {
    true
}

/// `PyObject_GetTypeData`.
///
/// # Safety
/// As for the C function.
#[inline(always)]
pub unsafe fn type_data(obj: *mut ffi::PyObject, cls: *mut ffi::PyTypeObject) -> *mut c_void {
    // SAFETY: forwarded.
    unsafe { ffi::PyObject_GetTypeData(obj, cls) }
}

/// `PyType_FromMetaclass(NULL, module, spec, base)`.
///
/// # Safety
/// Attached; a complete spec, a module and a base type (or NULL).
pub unsafe fn type_from_spec(
    module: *mut ffi::PyObject,
    spec: *mut ffi::PyType_Spec,
    base: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: forwarded.
    unsafe { ffi::PyType_FromMetaclass(core::ptr::null_mut(), module, spec, base) }
}

/// `PyDict_GetItemRef`.
///
/// # Safety
/// Attached; `dict` is a `dict`, `key` an object.
#[inline(always)]
pub unsafe fn dict_get_item_ref(
    dict: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
    out: *mut *mut ffi::PyObject,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { ffi::PyDict_GetItemRef(dict, key, out) }
}

/// `PyDict_GetItemStringRef`.
///
/// # Safety
/// As for [`dict_get_item_ref`]; `key` is a NUL-terminated UTF-8 string.
#[inline(always)]
pub unsafe fn dict_get_item_string_ref(
    dict: *mut ffi::PyObject,
    key: *const c_char,
    out: *mut *mut ffi::PyObject,
) -> c_int {
    // SAFETY: forwarded.
    unsafe { ffi::PyDict_GetItemStringRef(dict, key, out) }
}
