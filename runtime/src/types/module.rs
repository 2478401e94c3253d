use crate::class::PyClass;
use crate::conversion::IntoPyObject;
use crate::custom_exception::CustomException;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::impl_::function::FunctionDef;
use crate::object::{Object, PyAnyMethods};
use crate::python::Python;
use crate::types::TypeObject;
use std::ffi::CString;

super::object_wrapper!(
    /// A Python module. The `#[pymodule]` function receives the module being initialised
    /// and fills it in.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn double(x: i64) -> i64 {
    ///     2 * x
    /// }
    ///
    /// #[pymodule]
    /// fn mymod(m: &Module<'_>) -> PyResult<()> {
    ///     m.add_function(wrap_pyfunction!(double))?;
    ///     m.add("VERSION", "1.0")?;
    ///     let sub = Module::new(m.py(), "mymod.sub")?;
    ///     sub.add("ANSWER", 42)?;
    ///     m.add_submodule(&sub)?;
    ///     Ok(())
    /// }
    /// ```
    Module,
    crate::compat::module_check,
    "module"
);

impl<'py> Module<'py> {
    /// A new, empty module object (for submodules). `name` is its full dotted name.
    ///
    /// Classes and exceptions added to it while the `#[pymodule]` function runs are kept
    /// in the state of the module being imported (this one has none) and have `name` as
    /// their `__module__`; adding them after import raises `RuntimeError`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Point {
    ///     #[py(get)]
    ///     x: f64,
    /// }
    ///
    /// #[pymodule]
    /// fn pkg(m: &Module<'_>) -> PyResult<()> {
    ///     let consts = Module::new(m.py(), "pkg.consts")?;
    ///     consts.add("PI", std::f64::consts::PI)?;
    ///     m.add_submodule(&consts)?;
    ///     let geometry = Module::new(m.py(), "pkg.geometry")?;
    ///     geometry.add_class::<Point>()?; // pkg.geometry.Point
    ///     m.add_submodule(&geometry)
    /// }
    /// ```
    pub fn new(py: Python<'py>, name: &str) -> PyResult<Self> {
        let name = CString::new(name)
            .map_err(|_| crate::exceptions::PyValueError::new_err("module name contains NUL"))?;
        // SAFETY: a valid C string; returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyModule_New(name.as_ptr())).map(Module) }
    }

    /// # Safety
    /// `ptr` must be a valid module object.
    pub(crate) unsafe fn from_borrowed_ptr(py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        // SAFETY: forwarded.
        Module(unsafe { Object::from_borrowed_ptr(py, ptr) })
    }

    /// The module's `__name__`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pymodule]
    /// fn named(m: &Module<'_>) -> PyResult<()> {
    ///     let greeting = format!("hello from {}", m.name()?);
    ///     m.add("GREETING", greeting)
    /// }
    /// ```
    pub fn name(&self) -> PyResult<String> {
        self.0.getattr("__name__")?.extract()
    }

    /// Sets the module attribute `name` to `value` (a constant, a class, any object),
    /// converted with [`IntoPyObject`].
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pymodule]
    /// fn config(m: &Module<'_>) -> PyResult<()> {
    ///     m.add("VERSION", "1.0")?;
    ///     m.add("LIMITS", (0, 100))?;
    ///     m.add("PRIMES", vec![2, 3, 5, 7])
    /// }
    /// ```
    pub fn add<V: IntoPyObject<'py>>(&self, name: &str, value: V) -> PyResult<()> {
        let py = self.0.py();
        let value = value.into_pyobject(py)?;
        let c_name = CString::new(name)
            .map_err(|_| crate::exceptions::PyValueError::new_err("attribute name contains NUL"))?;
        // SAFETY: a module, a C string and a valid object; does not steal.
        PyErr::check(py, unsafe {
            ffi::PyModule_AddObjectRef(self.0.as_ptr(), c_name.as_ptr(), value.as_ptr())
        })?;
        self.append_to_all(name)?;
        crate::impl_::stubs::record_value(self, name);
        Ok(())
    }

    /// The module's `__all__` list, created (empty) if the module has none; a
    /// `TypeError` if `__all__` is there but not a list.
    ///
    /// Every `add...` method appends the name it binds, as PyO3 does, so
    /// `from ext import *` and a package's `from .ext import __all__` see them.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pymodule]
    /// fn tidy(m: &Module<'_>) -> PyResult<()> {
    ///     m.add("PUBLIC", 1)?;
    ///     assert_eq!(m.index()?.len(), 1);
    ///     Ok(())
    /// }
    /// ```
    pub fn index(&self) -> PyResult<crate::types::List<'py>> {
        let py = self.0.py();
        if !self.0.hasattr("__all__")? {
            let list = crate::types::List::empty(py)?;
            self.0.setattr("__all__", &list)?;
            return Ok(list);
        }
        self.0.getattr("__all__")?.extract().map_err(|_| {
            crate::exceptions::PyTypeError::new_err("the module's `__all__` is not a list")
        })
    }

    /// Appends `name` to `__all__` unless it is already there (or is `__all__`).
    fn append_to_all(&self, name: &str) -> PyResult<()> {
        if name == "__all__" {
            return Ok(());
        }
        let all = self.index()?;
        if !all.contains(name)? {
            all.append(name)?;
        }
        Ok(())
    }

    /// Adds a `#[pyfunction]` (see [`wrap_pyfunction!`](crate::wrap_pyfunction)). The
    /// function's `__module__` is this module's name, and its `__self__` is the module
    /// (for a submodule made with [`Module::new`], the top-level module being imported,
    /// whose state keeps the submodule's classes).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn double(x: i64) -> i64 {
    ///     2 * x
    /// }
    ///
    /// #[pymodule]
    /// fn numbers(m: &Module<'_>) -> PyResult<()> {
    ///     m.add_function(wrap_pyfunction!(double))
    /// }
    /// ```
    pub fn add_function(&self, def: &'static FunctionDef) -> PyResult<()> {
        let py = self.0.py();
        let module_name = self.0.getattr("__name__")?;
        // The function's `__self__` is how a call finds its module instance's classes
        // (for `Py::new`): in a submodule made with `Module::new`, which keeps none, it
        // is the module being imported, which keeps the submodule's.
        let owner =
            crate::impl_::module::state_owner(self, "a function").unwrap_or_else(|_| self.clone());
        // SAFETY: a static method definition; returns a new reference or NULL.
        let func = unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PyCFunction_NewEx(def.as_ptr(), owner.as_ptr(), module_name.as_ptr()),
            )?
        };
        let name = def.name();
        // SAFETY: a module, a C string and a valid object; does not steal.
        PyErr::check(py, unsafe {
            ffi::PyModule_AddObjectRef(self.0.as_ptr(), name.as_ptr(), func.as_ptr())
        })?;
        self.append_to_all(&name.to_string_lossy())?;
        crate::impl_::stubs::record_function(self, def);
        Ok(())
    }

    /// Adds `sub` as an attribute under the last part of its name, and registers it in
    /// `sys.modules` under its full name so `import pkg.sub` and `from pkg.sub import x`
    /// work.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn triple(x: i64) -> i64 {
    ///     3 * x
    /// }
    ///
    /// #[pymodule]
    /// fn pkg(m: &Module<'_>) -> PyResult<()> {
    ///     let sub = Module::new(m.py(), "pkg.sub")?;
    ///     sub.add_function(wrap_pyfunction!(triple))?;
    ///     m.add_submodule(&sub) // pkg.sub.triple, `from pkg.sub import triple`
    /// }
    /// ```
    pub fn add_submodule(&self, sub: &Module<'py>) -> PyResult<()> {
        let py = self.0.py();
        let full = sub.name()?;
        let short = full.rsplit('.').next().unwrap_or(&full).to_owned();
        self.add(&short, sub)?;
        crate::impl_::stubs::record_submodule(self, &short);
        let modules = py.import("sys")?.getattr("modules")?;
        modules.set_item(full.as_str(), sub)
    }

    /// Adds the `#[pyclass]` `T` to the module: creates its type (a heap type, per
    /// module), keeps it in the module's state and binds it under its Python name.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Point {
    ///     #[py(get)]
    ///     x: f64,
    /// }
    ///
    /// #[pymodule]
    /// fn geometry(m: &Module<'_>) -> PyResult<()> {
    ///     m.add_class::<Point>()
    /// }
    /// ```
    pub fn add_class<T: PyClass>(&self) -> PyResult<()> {
        crate::class::build::add_class::<T>(self).map(drop)
    }

    /// Adds a wrapped module or function, as PyO3's `add_wrapped` does:
    /// `m.add_wrapped(wrap_pymodule!(sub))` adds the `#[pymodule]` `sub` as the submodule
    /// `m.sub` (see [`wrap_pymodule!`](crate::wrap_pymodule)), and
    /// `m.add_wrapped(wrap_pyfunction!(f))` is `m.add_function(wrap_pyfunction!(f))`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn double(x: i64) -> i64 {
    ///     2 * x
    /// }
    ///
    /// #[pymodule]
    /// fn numbers(m: &Module<'_>) -> PyResult<()> {
    ///     m.add_wrapped(wrap_pyfunction!(double))
    /// }
    /// ```
    pub fn add_wrapped(&self, wrapped: impl crate::wrapped::Wrapped) -> PyResult<()> {
        wrapped.add_to(self)
    }

    /// Creates the `#[pyclass]` `T` for this module without making it a public name of
    /// the module: for a helper class that Python code only receives (an iterator a
    /// method returns, a view), never constructs by name. Its instances work as any
    /// class's; it is not in the module's namespace, `__all__` or type stub.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Countdown {
    ///     left: u32,
    /// }
    ///
    /// #[pymethods]
    /// impl Countdown {
    ///     fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
    ///         slf
    ///     }
    ///
    ///     fn __next__(&mut self) -> Option<u32> {
    ///         self.left = self.left.checked_sub(1)?;
    ///         Some(self.left + 1)
    ///     }
    /// }
    ///
    /// #[pyfunction]
    /// fn countdown(py: Python<'_>, from: u32) -> PyResult<Py<Countdown>> {
    ///     Py::new(py, Countdown { left: from })
    /// }
    ///
    /// #[pymodule]
    /// fn timer(m: &Module<'_>) -> PyResult<()> {
    ///     m.register_class::<Countdown>()?;
    ///     m.add_function(wrap_pyfunction!(countdown))
    /// }
    /// ```
    pub fn register_class<T: PyClass>(&self) -> PyResult<()> {
        crate::class::build::register_class::<T>(self).map(drop)
    }

    /// Adds the exception class `T` (declared with `create_exception!`) to the module.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::exceptions::PyValueError;
    ///
    /// abide::create_exception!(geometry, GeometryError, PyValueError, "Invalid geometry.");
    ///
    /// #[pyfunction]
    /// fn check(sides: u32) -> PyResult<()> {
    ///     if sides < 3 {
    ///         return Err(GeometryError::new_err("a polygon needs 3 sides"));
    ///     }
    ///     Ok(())
    /// }
    ///
    /// #[pymodule]
    /// fn geometry(m: &Module<'_>) -> PyResult<()> {
    ///     m.add_exception::<GeometryError>()?;
    ///     m.add_function(wrap_pyfunction!(check))
    /// }
    /// ```
    pub fn add_exception<T: CustomException>(&self) -> PyResult<TypeObject<'py>> {
        crate::custom_exception::add_to_module(self, T::def())
    }
}
