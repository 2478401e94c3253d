//! Converting what a user function or method returns into what CPython expects: a value
//! for Python ([`IntoReturn`]) or the error to raise ([`IntoPyErr`]), and the C results of
//! the special methods whose slots want one (a hash, a length, a truth value, the next
//! item, `self` after an in-place operator, nothing).
//!
//! The macros name the traits with `#[diagnostic::on_unimplemented]`, spanned at the
//! user's return type, so that a type that does not fit is reported there. Each
//! special-method one forwards to the conversion trait next to it (`HashReturn` to
//! `IntoHash`, ...); `#[diagnostic::do_not_recommend]` on the forwarding impl keeps rustc
//! from reporting the inner bound instead of the message.

use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyOverflowError;
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use core::ffi::c_int;

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

/// The error type of a `Result` that a function or method returns.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be raised as a Python exception",
    label = "this error type does not convert into `PyErr`",
    note = "implement `From<{Self}> for PyErr`, or convert the error in the function: `.map_err(|e| PyValueError::new_err(e.to_string()))`"
)]
pub trait IntoPyErr {
    fn into_pyerr(self) -> PyErr;
}

#[diagnostic::do_not_recommend]
impl<E: Into<PyErr>> IntoPyErr for E {
    #[inline(always)]
    fn into_pyerr(self) -> PyErr {
        self.into()
    }
}

/// `__hash__`'s result as a `Py_hash_t` (`-1` is reserved for errors, so it becomes `-2`,
/// as in CPython).
pub trait IntoHash {
    fn into_hash(self) -> PyResult<ffi::Py_hash_t>;
}

macro_rules! into_hash {
    ($($t:ty),*) => {$(
        impl IntoHash for $t {
            #[inline]
            fn into_hash(self) -> PyResult<ffi::Py_hash_t> {
                let h = self as ffi::Py_hash_t;
                Ok(if h == -1 { -2 } else { h })
            }
        }
    )*};
}
into_hash!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl<T: IntoHash, E: Into<PyErr>> IntoHash for Result<T, E> {
    #[inline]
    fn into_hash(self) -> PyResult<ffi::Py_hash_t> {
        IntoHash::into_hash(self.map_err(Into::into)?)
    }
}

/// What `__hash__` returns.
#[diagnostic::on_unimplemented(
    message = "`__hash__` cannot return `{Self}`",
    label = "expected an integer",
    note = "return an integer (`u64`, `i64`, `usize`, ...), or a `PyResult` of one"
)]
pub trait HashReturn {
    fn into_hash(self) -> PyResult<ffi::Py_hash_t>;
}

#[diagnostic::do_not_recommend]
impl<T: IntoHash> HashReturn for T {
    #[inline(always)]
    fn into_hash(self) -> PyResult<ffi::Py_hash_t> {
        IntoHash::into_hash(self)
    }
}

/// `__len__`'s result as a `Py_ssize_t`.
pub trait IntoLen {
    fn into_len(self) -> PyResult<ffi::Py_ssize_t>;
}

impl IntoLen for usize {
    #[inline]
    fn into_len(self) -> PyResult<ffi::Py_ssize_t> {
        ffi::Py_ssize_t::try_from(self).map_err(|_| PyOverflowError::new_err("length too large"))
    }
}

impl<E: Into<PyErr>> IntoLen for Result<usize, E> {
    #[inline]
    fn into_len(self) -> PyResult<ffi::Py_ssize_t> {
        IntoLen::into_len(self.map_err(Into::into)?)
    }
}

/// What `__len__` returns.
#[diagnostic::on_unimplemented(
    message = "`__len__` cannot return `{Self}`",
    label = "expected `usize`",
    note = "return `usize`, or `PyResult<usize>`"
)]
pub trait LenReturn {
    fn into_len(self) -> PyResult<ffi::Py_ssize_t>;
}

#[diagnostic::do_not_recommend]
impl<T: IntoLen> LenReturn for T {
    #[inline(always)]
    fn into_len(self) -> PyResult<ffi::Py_ssize_t> {
        IntoLen::into_len(self)
    }
}

/// A `bool` result (`__bool__`, `__contains__`) as a C int.
pub trait IntoBool {
    fn into_bool(self) -> PyResult<c_int>;
}

impl IntoBool for bool {
    #[inline]
    fn into_bool(self) -> PyResult<c_int> {
        Ok(self as c_int)
    }
}

impl<E: Into<PyErr>> IntoBool for Result<bool, E> {
    #[inline]
    fn into_bool(self) -> PyResult<c_int> {
        self.map_err(Into::into).map(|b| b as c_int)
    }
}

/// What `__bool__` and `__contains__` return.
#[diagnostic::on_unimplemented(
    message = "`__bool__` and `__contains__` return `bool`, not `{Self}`",
    label = "expected `bool`",
    note = "return `bool`, or `PyResult<bool>`"
)]
pub trait BoolReturn {
    fn into_bool(self) -> PyResult<c_int>;
}

#[diagnostic::do_not_recommend]
impl<T: IntoBool> BoolReturn for T {
    #[inline(always)]
    fn into_bool(self) -> PyResult<c_int> {
        IntoBool::into_bool(self)
    }
}

/// `__next__`'s result: `Some(value)` yields, `None` stops the iteration.
pub trait IntoIterNext<'py> {
    /// A new reference, or NULL with no exception set for the end.
    fn into_iter_next(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject>;
}

impl<'py, T: IntoPyObject<'py>> IntoIterNext<'py> for Option<T> {
    #[inline]
    fn into_iter_next(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject> {
        match self {
            Some(v) => v.into_pyobject(py).map(Object::into_ptr),
            None => Ok(core::ptr::null_mut()),
        }
    }
}

impl<'py, T: IntoPyObject<'py>, E: Into<PyErr>> IntoIterNext<'py> for Result<Option<T>, E> {
    #[inline]
    fn into_iter_next(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject> {
        IntoIterNext::into_iter_next(self.map_err(Into::into)?, py)
    }
}

/// What `__next__` returns.
#[diagnostic::on_unimplemented(
    message = "`__next__` returns `Option<T>` or an item, not `{Self}`",
    label = "expected `Option<T>` or a type that converts to Python",
    note = "return `Some(item)` to yield an item and `None` to stop (or a `PyResult` of that), or return the item itself and raise `StopIteration` to stop"
)]
pub trait IterNextReturn<'py> {
    fn into_iter_next(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject>;
}

#[diagnostic::do_not_recommend]
impl<'py, T: IntoIterNext<'py>> IterNextReturn<'py> for T {
    #[inline(always)]
    fn into_iter_next(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject> {
        IntoIterNext::into_iter_next(self, py)
    }
}

/// An in-place operator's result: `()` means "return self".
pub trait InplaceResult<'py> {
    fn into_inplace(
        self,
        py: Python<'py>,
        this: crate::object::Borrowed<'_, 'py>,
    ) -> PyResult<Object<'py>>;
}

impl<'py> InplaceResult<'py> for () {
    #[inline]
    fn into_inplace(
        self,
        _py: Python<'py>,
        this: crate::object::Borrowed<'_, 'py>,
    ) -> PyResult<Object<'py>> {
        Ok(this.to_owned())
    }
}

impl<'py, E: Into<PyErr>> InplaceResult<'py> for Result<(), E> {
    #[inline]
    fn into_inplace(
        self,
        py: Python<'py>,
        this: crate::object::Borrowed<'_, 'py>,
    ) -> PyResult<Object<'py>> {
        self.map_err(Into::into)?;
        InplaceResult::into_inplace((), py, this)
    }
}

/// What an in-place operator (`__iadd__`, ...) returns.
#[diagnostic::on_unimplemented(
    message = "an in-place operator returns `()`, not `{Self}`",
    label = "expected `()`",
    note = "modify `self` and return nothing (or `PyResult<()>`); Python then keeps the same object"
)]
pub trait InplaceReturn<'py> {
    fn into_inplace(self, py: Python<'py>, this: Borrowed<'_, 'py>) -> PyResult<Object<'py>>;
}

#[diagnostic::do_not_recommend]
impl<'py, T: InplaceResult<'py>> InplaceReturn<'py> for T {
    #[inline(always)]
    fn into_inplace(self, py: Python<'py>, this: Borrowed<'_, 'py>) -> PyResult<Object<'py>> {
        InplaceResult::into_inplace(self, py, this)
    }
}

/// The result of `__setitem__`, `__delitem__`, `__clear__`: `()` or `PyResult<()>`.
pub trait IntoUnit {
    fn into_unit(self) -> PyResult<()>;
}

impl IntoUnit for () {
    #[inline(always)]
    fn into_unit(self) -> PyResult<()> {
        Ok(())
    }
}

impl<E: Into<PyErr>> IntoUnit for Result<(), E> {
    #[inline(always)]
    fn into_unit(self) -> PyResult<()> {
        self.map_err(Into::into)
    }
}

/// What setters, `__setitem__`, `__delitem__` and `__clear__` return.
#[diagnostic::on_unimplemented(
    message = "this method returns `()`, not `{Self}`",
    label = "expected `()`",
    note = "setters, `__setitem__`, `__delitem__` and `__clear__` return nothing (or `PyResult<()>`)"
)]
pub trait UnitReturn {
    fn into_unit(self) -> PyResult<()>;
}

#[diagnostic::do_not_recommend]
impl<T: IntoUnit> UnitReturn for T {
    #[inline(always)]
    fn into_unit(self) -> PyResult<()> {
        IntoUnit::into_unit(self)
    }
}
