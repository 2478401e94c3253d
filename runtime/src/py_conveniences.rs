//! PyO3's conveniences on `Py<T>` that take the `Python` token instead of binding first:
//! `stored.getattr(py, "x")` is `stored.bind(py).getattr("x")`, and so on. A port keeps
//! these calls unchanged.

use crate::conversion::{FromPyObject, IntoCallArgs, IntoPyObject};
use crate::err::PyResult;
use crate::object::{Object, Py, PyAnyMethods};
use crate::python::Python;
use crate::types::Dict;

impl<T> Py<T> {
    /// `self.name`, attached with `py`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn version(py: Python<'_>, module: &Py<PyAny>) -> PyResult<String> {
    ///     module.getattr(py, "__version__")?.extract()
    /// }
    /// ```
    pub fn getattr<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Object<'py>> {
        self.bind_borrowed(py).getattr(name)
    }

    /// `self.name = value`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn rename(py: Python<'_>, obj: &Py<PyAny>) -> PyResult<()> {
    ///     obj.setattr(py, "name", "renamed")
    /// }
    /// ```
    pub fn setattr<'py, V: IntoPyObject<'py>>(
        &self,
        py: Python<'py>,
        name: &str,
        value: V,
    ) -> PyResult<()> {
        self.bind_borrowed(py).setattr(name, value)
    }

    /// Whether `self` has the attribute `name`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn closable(py: Python<'_>, obj: &Py<PyAny>) -> PyResult<bool> {
    ///     obj.hasattr(py, "close")
    /// }
    /// ```
    pub fn hasattr(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        self.bind_borrowed(py).hasattr(name)
    }

    /// `self()`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn fire(py: Python<'_>, callback: &Py<PyAny>) -> PyResult<()> {
    ///     callback.call0(py)?;
    ///     Ok(())
    /// }
    /// ```
    pub fn call0<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>> {
        self.bind_borrowed(py).call0()
    }

    /// `self(*args)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn report(py: Python<'_>, callback: &Py<PyAny>, done: u64, total: u64) -> PyResult<()> {
    ///     callback.call1(py, (done, total))?;
    ///     Ok(())
    /// }
    /// ```
    pub fn call1<'py, A: IntoCallArgs<'py>>(
        &self,
        py: Python<'py>,
        args: A,
    ) -> PyResult<Object<'py>> {
        self.bind_borrowed(py).call1(args)
    }

    /// `self(*args, **kwargs)`; `kwargs` is what a `**kwargs` parameter gives
    /// (`Option<Dict>`), passed on as `kwargs.as_ref()`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Deferred {
    ///     func: Py<PyAny>,
    /// }
    ///
    /// #[pymethods]
    /// impl Deferred {
    ///     #[py(signature = (*args, **kwargs))]
    ///     fn run<'py>(
    ///         &self,
    ///         py: Python<'py>,
    ///         args: Tuple<'py>,
    ///         kwargs: Option<Dict<'py>>,
    ///     ) -> PyResult<Object<'py>> {
    ///         self.func.call(py, args, kwargs.as_ref())
    ///     }
    /// }
    /// ```
    pub fn call<'py, A: IntoCallArgs<'py>>(
        &self,
        py: Python<'py>,
        args: A,
        kwargs: Option<&Dict<'py>>,
    ) -> PyResult<Object<'py>> {
        self.bind_borrowed(py).call(args, kwargs)
    }

    /// `self.name()`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn close(py: Python<'_>, file: &Py<PyAny>) -> PyResult<()> {
    ///     file.call_method0(py, "close")?;
    ///     Ok(())
    /// }
    /// ```
    pub fn call_method0<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Object<'py>> {
        self.bind_borrowed(py).call_method0(name)
    }

    /// `self.name(*args)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn log(py: Python<'_>, logger: &Py<PyAny>, message: &str) -> PyResult<()> {
    ///     logger.call_method1(py, "info", (message,))?;
    ///     Ok(())
    /// }
    /// ```
    pub fn call_method1<'py, A: IntoCallArgs<'py>>(
        &self,
        py: Python<'py>,
        name: &str,
        args: A,
    ) -> PyResult<Object<'py>> {
        self.bind_borrowed(py).call_method1(name, args)
    }

    /// `self.name(*args, **kwargs)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn sort_desc(py: Python<'_>, list: &Py<PyAny>) -> PyResult<()> {
    ///     let kwargs = Dict::new(py)?;
    ///     kwargs.set("reverse", true)?;
    ///     list.call_method(py, "sort", (), Some(&kwargs))?;
    ///     Ok(())
    /// }
    /// ```
    pub fn call_method<'py, A: IntoCallArgs<'py>>(
        &self,
        py: Python<'py>,
        name: &str,
        args: A,
        kwargs: Option<&Dict<'py>>,
    ) -> PyResult<Object<'py>> {
        self.bind_borrowed(py).call_method(name, args, kwargs)
    }

    /// Converts to a Rust value, e.g. `stored.extract::<i64>(py)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn stored_len(py: Python<'_>, name: &Py<PyAny>) -> PyResult<usize> {
    ///     Ok(name.extract::<String>(py)?.len())
    /// }
    /// ```
    pub fn extract<'a, 'py, D: FromPyObject<'a, 'py>>(&'a self, py: Python<'py>) -> PyResult<D> {
        D::extract(self.bind_borrowed(py))
    }

    /// Whether `self` is `None`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn unset(py: Python<'_>, value: &Py<PyAny>) -> bool {
    ///     value.is_none(py)
    /// }
    /// ```
    pub fn is_none(&self, py: Python<'_>) -> bool {
        self.bind_borrowed(py).is_none()
    }
}
