//! Floats: `float`, and anything with `__float__` or `__index__` (so ints work), like
//! CPython's own `float` parameters. NaN and infinities pass through unchanged.

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;

impl<'a, 'py> FromPyObject<'a, 'py> for f64 {
    const INPUT_TYPE: &'static str = "typing.SupportsFloat | typing.SupportsIndex";
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        // SAFETY: a valid object.
        let v = unsafe { ffi::PyFloat_AsDouble(obj.as_ptr()) };
        if v == -1.0 {
            if let Some(err) = PyErr::take(obj.py()) {
                return Err(err);
            }
        }
        Ok(v)
    }
}

impl<'py> IntoPyObject<'py> for f64 {
    const OUTPUT_TYPE: &'static str = "float";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        // SAFETY: returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyFloat_FromDouble(self)) }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for f32 {
    const INPUT_TYPE: &'static str = "typing.SupportsFloat | typing.SupportsIndex";
    /// Rounds to the nearest `f32`; values beyond its range become infinities, as a C
    /// `float` parameter would.
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        f64::extract(obj).map(|v| v as f32)
    }
}

impl<'py> IntoPyObject<'py> for f32 {
    const OUTPUT_TYPE: &'static str = "float";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        (self as f64).into_pyobject(py)
    }
}
