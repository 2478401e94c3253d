//! Python functions bound to a Rust value: the value lives in a capsule that is the
//! function's `self`, and is dropped with it. The wake callbacks of `await_py` and of a
//! loop's wake socket are such functions, and so is the `atexit` hook of
//! [`Interpreter`](crate::interpreter::Interpreter) handles before CPython 3.15.

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::impl_::function::FunctionDef;
use crate::object::Object;
use crate::python::Python;
use core::ffi::CStr;

/// A capsule named `name` that owns `value`.
pub(crate) fn new<'py, T: Send + 'static>(
    py: Python<'py>,
    name: &'static CStr,
    value: T,
) -> PyResult<Object<'py>> {
    let boxed = Box::into_raw(Box::new(value));
    // SAFETY: a valid pointer and name; the destructor frees the box exactly once.
    let capsule = unsafe {
        Object::from_owned_ptr_or_err(
            py,
            ffi::PyCapsule_New(boxed.cast(), name.as_ptr(), Some(drop_value::<T>)),
        )
    };
    if capsule.is_err() {
        // SAFETY: the capsule was not made, so the box is still ours.
        drop(unsafe { Box::from_raw(boxed) });
    }
    capsule
}

/// The function `def` with `capsule` as its `self`.
pub(crate) fn function<'py>(
    capsule: &Object<'py>,
    def: &'static FunctionDef,
) -> PyResult<Object<'py>> {
    // SAFETY: a static definition; the function keeps the capsule.
    unsafe {
        Object::from_owned_ptr_or_err(
            capsule.py(),
            ffi::PyCFunction_NewEx(def.as_ptr(), capsule.as_ptr(), core::ptr::null_mut()),
        )
    }
}

/// The value of a capsule that [`new`] made with `name` and a `T`.
///
/// # Safety
/// `capsule` is alive while the reference is used, and was made by [`new`] with `name`
/// and a value of type `T` (the name says which).
pub(crate) unsafe fn value<'a, T>(
    py: Python<'_>,
    capsule: *mut ffi::PyObject,
    name: &'static CStr,
) -> PyResult<&'a T> {
    // SAFETY: per the caller; NULL with an exception for a capsule of another name.
    let ptr = unsafe { ffi::PyCapsule_GetPointer(capsule, name.as_ptr()) };
    if ptr.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: the box `new` made, owned by the live capsule.
    Ok(unsafe { &*ptr.cast::<T>() })
}

/// The capsule's destructor: drops the value (attached, as CPython frees the capsule).
unsafe extern "C" fn drop_value<T>(capsule: *mut ffi::PyObject) {
    // SAFETY: a capsule made by `new::<T>`, whose pointer is the box; its own name.
    unsafe {
        let ptr = ffi::PyCapsule_GetPointer(capsule, ffi::PyCapsule_GetName(capsule));
        if ptr.is_null() {
            ffi::PyErr_Clear();
        } else {
            drop(Box::from_raw(ptr.cast::<T>()));
        }
    }
}
