//! Type checks for the typed handles, by the object's real type (`Py_TYPE`), so that a
//! `__class__` property cannot make an object pass for another; and the error a failed
//! check raises.

use crate::err::PyErr;
use crate::exceptions::PyTypeError;
use crate::ffi;
use crate::object::{Borrowed, PyAnyMethods};
use core::ffi::c_int;

/// The `TypeError` of a failed handle check: `'list' object is not an instance of
/// 'bytes'`. The argument layer prefixes it with the function and the parameter.
#[cold]
pub(crate) fn not_instance(obj: Borrowed<'_, '_>, expected: &str) -> PyErr {
    let actual = obj.get_type().name().unwrap_or_else(|_| "?".to_owned());
    PyTypeError::new_err(format!(
        "'{actual}' object is not an instance of '{expected}'"
    ))
}

/// `obj` is an instance of the static type `ty` or of a subclass.
///
/// # Safety
/// `obj` must be a valid object and `ty` a valid type.
#[inline]
unsafe fn subtype(obj: *mut ffi::PyObject, ty: *mut ffi::PyTypeObject) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        let own = crate::compat::py_type(obj);
        (own == ty || ffi::PyType_IsSubtype(own, ty) != 0) as c_int
    }
}

macro_rules! checks {
    ($($(#[$doc:meta])* $name:ident => $ty:ident),* $(,)?) => {$(
        $(#[$doc])*
        ///
        /// # Safety
        /// `obj` must be a valid object.
        #[inline]
        pub(crate) unsafe fn $name(obj: *mut ffi::PyObject) -> c_int {
            // SAFETY: a valid object and a static type.
            unsafe { subtype(obj, &raw mut ffi::$ty) }
        }
    )*};
}

checks! {
    /// `PyLong_Check` (`bool` included, as it is a subclass of `int`).
    long_check => PyLong_Type,
    /// `PyFloat_Check`.
    float_check => PyFloat_Type,
    /// `PyBool_Check` (`bool` cannot be subclassed).
    bool_check => PyBool_Type,
    /// `PySet_Check`.
    set_check => PySet_Type,
    /// `PyFrozenSet_Check`.
    frozenset_check => PyFrozenSet_Type,
    /// `PySlice_Check` (`slice` cannot be subclassed).
    slice_check => PySlice_Type,
    /// `PyMemoryView_Check` (`memoryview` cannot be subclassed).
    memoryview_check => PyMemoryView_Type,
}

/// `PyIter_Check`: the type has a `__next__`.
///
/// # Safety
/// `obj` must be a valid object.
#[inline]
pub(crate) unsafe fn iter_check(obj: *mut ffi::PyObject) -> c_int {
    // SAFETY: a valid object.
    unsafe { ffi::PyIter_Check(obj) }
}
