//! Bytes: `&[u8]` borrows a `bytes` object's buffer; `Vec<u8>` copies from `bytes` or
//! `bytearray` (and, failing those, from any iterable of ints); both return as `bytes`.
//! `Cow<[u8]>` borrows from `bytes` and copies from `bytearray`.

use crate::conversion::{FromPyObject, IntoPyObject, type_error};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Borrowed, Object, PyAnyMethods};
use crate::python::Python;

impl<'a, 'py> FromPyObject<'a, 'py> for &'a [u8] {
    const INPUT_TYPE: &'static str = "bytes";
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        // SAFETY: a valid object; bytes are immutable and the buffer lives as long as the
        // object, which outlives 'a.
        unsafe {
            if crate::compat::bytes_check(obj.as_ptr()) == 0 {
                return Err(type_error(obj, "bytes"));
            }
            let data = ffi::PyBytes_AsString(obj.as_ptr());
            let len = ffi::PyBytes_Size(obj.as_ptr());
            if data.is_null() || len < 0 {
                return Err(PyErr::fetch(obj.py()));
            }
            Ok(core::slice::from_raw_parts(data.cast::<u8>(), len as usize))
        }
    }
}

/// The fast path of `Vec<u8>`: copy a `bytes` or `bytearray` buffer. `None` for other
/// objects, which then go through the generic sequence path.
pub(super) fn bytes_like_to_vec(obj: Borrowed<'_, '_>) -> Option<PyResult<Vec<u8>>> {
    // SAFETY: a valid object; the copy is made before anything else can run.
    unsafe {
        if crate::compat::bytes_check(obj.as_ptr()) != 0 {
            return Some(<&[u8]>::extract(obj).map(<[u8]>::to_vec));
        }
        if crate::compat::bytearray_check(obj.as_ptr()) != 0 {
            // A bytearray can change under another thread: copy it while holding the
            // object's critical section (a no-op on GIL builds).
            let copy = crate::compat::with_critical_section(obj.as_ptr(), || {
                let data = ffi::PyByteArray_AsString(obj.as_ptr());
                let len = ffi::PyByteArray_Size(obj.as_ptr());
                if data.is_null() || len < 0 {
                    Vec::new()
                } else {
                    core::slice::from_raw_parts(data.cast::<u8>(), len as usize).to_vec()
                }
            });
            return Some(Ok(copy));
        }
    }
    None
}

impl<'py> IntoPyObject<'py> for &[u8] {
    const OUTPUT_TYPE: &'static str = "bytes";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        // SAFETY: a valid buffer of the given length; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PyBytes_FromStringAndSize(self.as_ptr().cast(), self.len() as ffi::Py_ssize_t),
            )
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for std::borrow::Cow<'a, [u8]> {
    /// Borrowed from a `bytes` (immutable), copied from a `bytearray` (which another
    /// thread may resize at any time).
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        // SAFETY: a valid object.
        if unsafe { crate::compat::bytes_check(obj.as_ptr()) } != 0 {
            return <&[u8]>::extract(obj).map(std::borrow::Cow::Borrowed);
        }
        // SAFETY: a valid object.
        if unsafe { crate::compat::bytearray_check(obj.as_ptr()) } != 0 {
            if let Some(copy) = bytes_like_to_vec(obj) {
                return copy.map(std::borrow::Cow::Owned);
            }
        }
        let actual = obj.get_type().name().unwrap_or_else(|_| "?".to_owned());
        Err(crate::exceptions::PyTypeError::new_err(format!(
            "'{actual}' object cannot be converted to 'bytes' or 'bytearray'"
        )))
    }
}

impl<'py> IntoPyObject<'py> for std::borrow::Cow<'_, [u8]> {
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        self.as_ref().into_pyobject(py)
    }
}
