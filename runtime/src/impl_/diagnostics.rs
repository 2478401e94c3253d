//! Traits whose job is a readable compile error. The code that abide's macros generate
//! passes values through them, spanned at the user's own tokens (a return type, a
//! parameter type, a function name), so that a type that does not fit is reported where
//! the user wrote it, saying what to write instead. Each one forwards to the real
//! conversion; `#[diagnostic::do_not_recommend]` keeps rustc from reporting the inner
//! bound instead of the message here.

use crate::class::PyClass;
use crate::class::instance::PyClassInit;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::impl_::class::{
    GetField, InplaceResult, IntoBool, IntoHash, IntoIterNext, IntoLen, IntoUnit,
};
use crate::impl_::function::FunctionDef;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use crate::types::{Dict, Module, Tuple};
use core::ffi::c_int;
use core::marker::PhantomData;

/// Implemented by the hidden type that `#[pyfunction]` declares under the function's own
/// name (types and functions have separate namespaces), which `wrap_pyfunction!` looks up.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a #[pyfunction]",
    label = "`wrap_pyfunction!` takes a function marked #[pyfunction]",
    note = "add `#[pyfunction]` to `fn {Self}`"
)]
pub trait PyFunction {
    /// The function's static definition.
    fn def() -> &'static FunctionDef;
}

/// What `wrap_pyfunction!(f)` evaluates to.
#[inline(always)]
pub fn function_def<F: PyFunction>(_function: PhantomData<F>) -> &'static FunctionDef {
    F::def()
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

/// The parameter of a `#[pymodule]` function.
#[diagnostic::on_unimplemented(
    message = "the parameter of a #[pymodule] function is the module: `m: &Module<'_>`",
    label = "expected `&Module<'_>`, found `{Self}`"
)]
pub trait ModuleParam<'a, 'py>: Sized {
    fn from_module(module: &'a Module<'py>) -> Self;
}

#[diagnostic::do_not_recommend]
impl<'a, 'py> ModuleParam<'a, 'py> for &'a Module<'py> {
    #[inline(always)]
    fn from_module(module: &'a Module<'py>) -> Self {
        module
    }
}

/// What a `#[pymodule]` function returns.
#[diagnostic::on_unimplemented(
    message = "a #[pymodule] function returns `PyResult<()>`",
    label = "expected `PyResult<()>`, found `{Self}`",
    note = "write `-> PyResult<()>` and end the function with `Ok(())`"
)]
pub trait ModuleResult {
    fn into_module_result(self) -> PyResult<()>;
}

#[diagnostic::do_not_recommend]
impl<E: Into<PyErr>> ModuleResult for Result<(), E> {
    #[inline(always)]
    fn into_module_result(self) -> PyResult<()> {
        self.map_err(Into::into)
    }
}

/// The Rust parameter that receives `*args`.
#[diagnostic::on_unimplemented(
    message = "`*args` is passed as a tuple: declare `args: Tuple<'_>`",
    label = "expected `Tuple<'_>`, found `{Self}`"
)]
pub trait FromVarargs<'py>: Sized {
    fn from_varargs(args: Tuple<'py>) -> Self;
}

#[diagnostic::do_not_recommend]
impl<'py> FromVarargs<'py> for Tuple<'py> {
    #[inline(always)]
    fn from_varargs(args: Tuple<'py>) -> Self {
        args
    }
}

/// The Rust parameter that receives `**kwargs`.
#[diagnostic::on_unimplemented(
    message = "`**kwargs` is passed as an optional dict: declare `kwargs: Option<Dict<'_>>`",
    label = "expected `Option<Dict<'_>>`, found `{Self}`"
)]
pub trait FromVarkw<'py>: Sized {
    fn from_varkw(kwargs: Option<Dict<'py>>) -> Self;
}

#[diagnostic::do_not_recommend]
impl<'py> FromVarkw<'py> for Option<Dict<'py>> {
    #[inline(always)]
    fn from_varkw(kwargs: Option<Dict<'py>>) -> Self {
        kwargs
    }
}

/// What a `#[new]` constructor of `T` returns (after `?` on a `Result`).
#[diagnostic::on_unimplemented(
    message = "a #[new] constructor of `{T}` cannot return `{Self}`",
    label = "expected `Self`",
    note = "return `Self`, or `(Self, Base)` for a class that `extends` a #[pyclass] `Base`, or a `PyResult` of either"
)]
pub trait NewValue<T: PyClass> {
    /// The value that initialises the instance.
    type Init: PyClassInit<T>;
    fn into_init(self) -> Self::Init;
}

#[diagnostic::do_not_recommend]
impl<T: PyClass, I: PyClassInit<T>> NewValue<T> for I {
    type Init = I;
    #[inline(always)]
    fn into_init(self) -> I {
        self
    }
}

/// Creates the instance for what a `#[new]` constructor returned; its type is checked by
/// `NewValue` where the constructor's return type is written.
///
/// # Safety
/// As for [`create_instance`](crate::class::instance::create_instance).
#[inline(always)]
pub unsafe fn new_instance<'py, T: PyClass, I: NewValue<T>>(
    py: Python<'py>,
    subtype: *mut ffi::PyTypeObject,
    init: I,
) -> PyResult<Object<'py>> {
    // SAFETY: forwarded to the caller.
    unsafe { crate::class::instance::create_instance::<T, I::Init>(py, subtype, init.into_init()) }
}

/// Implemented by `#[pyclass]` for classes that are not `frozen`: only those have the
/// borrow flag that `&mut self` needs.
///
/// # Safety
/// Only for a class whose `PyClass::FROZEN` is `false`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is #[pyclass(frozen)], so its methods cannot take `&mut self`",
    label = "take `&self`",
    note = "a frozen class is never borrowed exclusively: keep state that changes in a `Mutex` or an atomic, or remove `frozen`"
)]
pub unsafe trait Mutable {}

/// Checked where a method takes `&mut self`.
#[inline(always)]
pub fn assert_mutable<T: Mutable>(_class: PhantomData<T>) {}

/// A field read from Python through `#[py(get)]`.
#[diagnostic::on_unimplemented(
    message = "a field of type `{Self}` cannot be read from Python with `#[py(get)]`",
    label = "`#[py(get)]` needs a `Clone + IntoPyObject` type, or a `Py<T>`",
    note = "derive `Clone` and implement `IntoPyObject` for `{Self}`, or write a #[getter] method instead"
)]
pub trait FieldGet {
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>>;
}

#[diagnostic::do_not_recommend]
impl<T: GetField> FieldGet for T {
    #[inline(always)]
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>> {
        GetField::get_field(self, py)
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

/// What `__next__` returns.
#[diagnostic::on_unimplemented(
    message = "`__next__` returns `Option<T>`, not `{Self}`",
    label = "expected `Option<T>`",
    note = "return `Some(item)` to yield an item and `None` to stop (or a `PyResult` of that)"
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
