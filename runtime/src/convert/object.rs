//! Object handles convert to themselves.

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::PyResult;
use crate::object::{Borrowed, Object, Py, PyAny};
use crate::python::Python;

impl<'a, 'py> FromPyObject<'a, 'py> for Borrowed<'a, 'py> {
    #[inline(always)]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        Ok(obj)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Object<'py> {
    #[inline(always)]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        Ok(obj.to_owned())
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Py<PyAny> {
    #[inline(always)]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        Ok(obj.to_owned().unbind())
    }
}

impl<'py> IntoPyObject<'py> for Object<'py> {
    #[inline(always)]
    fn into_pyobject(self, _py: Python<'py>) -> PyResult<Object<'py>> {
        Ok(self)
    }
}

impl<'py> IntoPyObject<'py> for &Object<'py> {
    #[inline(always)]
    fn into_pyobject(self, _py: Python<'py>) -> PyResult<Object<'py>> {
        Ok(self.clone())
    }
}

impl<'py> IntoPyObject<'py> for Borrowed<'_, 'py> {
    #[inline(always)]
    fn into_pyobject(self, _py: Python<'py>) -> PyResult<Object<'py>> {
        Ok(self.to_owned())
    }
}

impl<'py, T> IntoPyObject<'py> for Py<T> {
    #[inline(always)]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        Ok(self.into_bound(py))
    }
}

impl<'py, T> IntoPyObject<'py> for &Py<T> {
    #[inline(always)]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        Ok(self.bind(py))
    }
}
