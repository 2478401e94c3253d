use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::Object;
use crate::python::Python;

super::object_wrapper!(
    /// A Python `int` (or a subclass, `bool` included).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Int;
    ///
    /// /// Whether the int fits in an `i64`.
    /// #[pyfunction]
    /// fn fits(n: Int<'_>) -> bool {
    ///     n.value().is_ok()
    /// }
    /// ```
    Int,
    crate::types::checks::long_check,
    "int"
);

impl<'py> Int<'py> {
    /// A new `int`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Int;
    ///
    /// #[pyfunction]
    /// fn answer(py: Python<'_>) -> PyResult<Int<'_>> {
    ///     Int::new(py, 42)
    /// }
    /// ```
    pub fn new(py: Python<'py>, value: i64) -> PyResult<Self> {
        // SAFETY: returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyLong_FromLongLong(value)).map(Int) }
    }

    /// The value as an `i64`; `OverflowError` when it does not fit (extract another
    /// integer type, `i128` or `u64`, for a wider range).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Int;
    ///
    /// #[pyfunction]
    /// fn double(n: Int<'_>) -> PyResult<i64> {
    ///     Ok(n.value()?.saturating_mul(2))
    /// }
    /// ```
    pub fn value(&self) -> PyResult<i64> {
        use crate::object::PyAnyMethods;
        self.0.extract()
    }
}

super::object_wrapper!(
    /// A Python `float` (or a subclass). An `f64` parameter accepts more (anything with
    /// `__float__` or `__index__`); this handle is the type check.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Float;
    ///
    /// #[pyfunction]
    /// fn half(x: Float<'_>) -> f64 {
    ///     x.value() / 2.0
    /// }
    /// ```
    Float,
    crate::types::checks::float_check,
    "float"
);

impl<'py> Float<'py> {
    /// A new `float`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Float;
    ///
    /// #[pyfunction]
    /// fn pi(py: Python<'_>) -> PyResult<Float<'_>> {
    ///     Float::new(py, std::f64::consts::PI)
    /// }
    /// ```
    pub fn new(py: Python<'py>, value: f64) -> PyResult<Self> {
        // SAFETY: returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyFloat_FromDouble(value)).map(Float) }
    }

    /// The value.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Float;
    ///
    /// #[pyfunction]
    /// fn is_nan(x: Float<'_>) -> bool {
    ///     x.value().is_nan()
    /// }
    /// ```
    pub fn value(&self) -> f64 {
        // SAFETY: a float (or subclass): its value is read directly, without calling
        // Python code, and cannot fail.
        let v = unsafe { ffi::PyFloat_AsDouble(self.0.as_ptr()) };
        if v == -1.0 {
            // Not reachable for a float; never leave an exception behind.
            let _ = PyErr::take(self.0.py());
        }
        v
    }
}

super::object_wrapper!(
    /// A Python `bool`: `True` or `False`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bool;
    ///
    /// #[pyfunction]
    /// fn negate(b: Bool<'_>) -> bool {
    ///     !b.is_true()
    /// }
    /// ```
    Bool,
    crate::types::checks::bool_check,
    "bool"
);

impl<'py> Bool<'py> {
    /// `True` or `False`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bool;
    ///
    /// #[pyfunction]
    /// fn yes(py: Python<'_>) -> Bool<'_> {
    ///     Bool::new(py, true)
    /// }
    /// ```
    pub fn new(py: Python<'py>, value: bool) -> Self {
        // SAFETY: True and False are immortal constants.
        unsafe {
            Bool(Object::from_borrowed_ptr(
                py,
                if value {
                    ffi::Py_True()
                } else {
                    ffi::Py_False()
                },
            ))
        }
    }

    /// Whether this is `True`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Bool;
    ///
    /// #[pyfunction]
    /// fn as_int(b: Bool<'_>) -> u8 {
    ///     u8::from(b.is_true())
    /// }
    /// ```
    pub fn is_true(&self) -> bool {
        // SAFETY: a borrowed immortal constant.
        self.0.as_ptr() == unsafe { ffi::Py_True() }
    }
}
