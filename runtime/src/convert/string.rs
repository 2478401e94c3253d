//! Strings. `&str` borrows the UTF-8 buffer that CPython caches inside the `str` object
//! (no copy); a `str` holding lone surrogates cannot be UTF-8 and raises
//! `UnicodeEncodeError`.

use crate::conversion::{FromPyObject, IntoPyObject, type_error};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyValueError;
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use std::borrow::Cow;

impl<'a, 'py> FromPyObject<'a, 'py> for &'a str {
    const INPUT_TYPE: &'static str = "str";
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let mut size: ffi::Py_ssize_t = 0;
        // SAFETY: a valid object; on success the buffer lives as long as the object, which
        // outlives 'a, and is valid UTF-8.
        unsafe {
            let data = ffi::PyUnicode_AsUTF8AndSize(obj.as_ptr(), &mut size);
            if data.is_null() {
                return Err(str_error(obj));
            }
            let bytes = core::slice::from_raw_parts(data.cast::<u8>(), size as usize);
            Ok(core::str::from_utf8_unchecked(bytes))
        }
    }
}

/// `PyUnicode_AsUTF8AndSize` raises `TypeError("bad argument type...")` for non-str; say
/// what was expected instead. Encoding errors (lone surrogates) pass through.
#[cold]
fn str_error(obj: Borrowed<'_, '_>) -> PyErr {
    let err = PyErr::fetch(obj.py());
    // SAFETY: a valid object.
    if unsafe { crate::compat::unicode_check(obj.as_ptr()) } == 0 {
        type_error(obj, "str")
    } else {
        err
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for String {
    const INPUT_TYPE: &'static str = "str";
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        <&str>::extract(obj).map(str::to_owned)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Cow<'a, str> {
    const INPUT_TYPE: &'static str = "str";
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        <&str>::extract(obj).map(Cow::Borrowed)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for char {
    const INPUT_TYPE: &'static str = "str";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let s = <&str>::extract(obj)?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(PyValueError::new_err(format!(
                "expected a string of length 1, got one of length {}",
                s.chars().count()
            ))),
        }
    }
}

impl<'py> IntoPyObject<'py> for &str {
    const OUTPUT_TYPE: &'static str = "str";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        crate::types::str_from_rust(py, self)
    }
}

impl<'py> IntoPyObject<'py> for String {
    const OUTPUT_TYPE: &'static str = "str";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        crate::types::str_from_rust(py, &self)
    }
}

impl<'py> IntoPyObject<'py> for Cow<'_, str> {
    const OUTPUT_TYPE: &'static str = "str";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        crate::types::str_from_rust(py, &self)
    }
}

impl<'py> IntoPyObject<'py> for char {
    const OUTPUT_TYPE: &'static str = "str";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        let mut buf = [0u8; 4];
        crate::types::str_from_rust(py, self.encode_utf8(&mut buf))
    }
}
