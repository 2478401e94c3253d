use crate::ffi;

super::object_wrapper!(
    /// A Python class (`type` or a subclass of it). `#[classmethod]`s receive their class
    /// as one.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn type_name(obj: Object<'_>) -> PyResult<String> {
    ///     obj.get_type().name()
    /// }
    /// ```
    TypeObject,
    crate::compat::type_check,
    "type"
);

impl TypeObject<'_> {
    /// The class's `__name__`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn kind(obj: Object<'_>) -> PyResult<String> {
    ///     Ok(format!("a {}", obj.get_type().name()?))
    /// }
    /// ```
    pub fn name(&self) -> crate::err::PyResult<String> {
        use crate::object::PyAnyMethods;
        self.0.getattr("__name__")?.extract()
    }

    /// The class's `__qualname__` (`Outer.Inner` for a nested class).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn qualified(cls: TypeObject<'_>) -> PyResult<String> {
    ///     let module: String = cls.as_object().getattr("__module__")?.extract()?;
    ///     Ok(format!("{module}.{}", cls.qualname()?))
    /// }
    /// ```
    pub fn qualname(&self) -> crate::err::PyResult<String> {
        use crate::object::PyAnyMethods;
        self.0.getattr("__qualname__")?.extract()
    }

    /// The raw type pointer.
    ///
    /// ```no_run
    /// use abide::{ffi, types::TypeObject};
    ///
    /// fn flags(cls: &TypeObject<'_>) -> std::ffi::c_ulong {
    ///     // SAFETY: a valid type object.
    ///     unsafe { ffi::PyType_GetFlags(cls.as_type_ptr()) }
    /// }
    /// ```
    pub fn as_type_ptr(&self) -> *mut ffi::PyTypeObject {
        self.0.as_ptr().cast()
    }

    /// `issubclass(self, other)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn is_error_class(py: Python<'_>, cls: TypeObject<'_>) -> PyResult<bool> {
    ///     let base: TypeObject<'_> = py.import("builtins")?.getattr("Exception")?.extract()?;
    ///     cls.is_subclass(&base)
    /// }
    /// ```
    pub fn is_subclass(&self, other: &TypeObject<'_>) -> crate::err::PyResult<bool> {
        // SAFETY: both are classes.
        let rc = unsafe { ffi::PyObject_IsSubclass(self.0.as_ptr(), other.0.as_ptr()) };
        if rc < 0 {
            Err(crate::err::PyErr::fetch(self.0.py()))
        } else {
            Ok(rc == 1)
        }
    }
}
