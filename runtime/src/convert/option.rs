//! `Option<T>` is `T` or `None`; `()` is `None`.

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::PyResult;
use crate::object::{Borrowed, Object, PyAnyMethods};
use crate::python::Python;

impl<'a, 'py, T: FromPyObject<'a, 'py>> FromPyObject<'a, 'py> for Option<T> {
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        if obj.is_none() {
            Ok(None)
        } else {
            T::extract(obj).map(Some)
        }
    }
}

impl<'py, T: IntoPyObject<'py>> IntoPyObject<'py> for Option<T> {
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        match self {
            Some(v) => v.into_pyobject(py),
            None => Ok(py.None()),
        }
    }
}

impl<'py> IntoPyObject<'py> for () {
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        Ok(py.None())
    }
}
