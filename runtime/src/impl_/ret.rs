//! Converting what a user function returns into what CPython expects.

use crate::conversion::IntoPyObject;
use crate::err::PyResult;
use crate::ffi;
use crate::python::Python;

/// A return value of a Python-callable function: any `T: IntoPyObject`, or a
/// `PyResult<T>` of one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned to Python",
    label = "this return type has no conversion to a Python object",
    note = "return a type that implements `IntoPyObject` (numbers, strings, `Vec`, `Option`, `Object`, `#[pyclass]` types, ...), or `PyResult` of one"
)]
pub trait IntoReturn<'py> {
    /// Converts to a new reference, or the error to raise.
    fn into_return(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject>;
}

impl<'py, T: IntoPyObject<'py>> IntoReturn<'py> for T {
    #[inline(always)]
    fn into_return(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject> {
        self.into_pyobject(py).map(|o| o.into_ptr())
    }
}

impl<'py, T: IntoPyObject<'py>, E: Into<crate::err::PyErr>> IntoReturn<'py> for Result<T, E> {
    #[inline(always)]
    fn into_return(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject> {
        match self {
            Ok(value) => value.into_pyobject(py).map(|o| o.into_ptr()),
            Err(err) => Err(err.into()),
        }
    }
}
