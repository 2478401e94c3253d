//! How a wrapper passes each Rust parameter, decided by the parameter's type (never by
//! its name): the `Python` token, a value converted with [`FromPyObject`], or a `&T`
//! borrowed from a holder ([`RefArg`]). The macros emit the same code for every
//! parameter; these traits and [`Probe`] make the choice. The parameters that receive
//! `*args` and `**kwargs` go through [`FromVarargs`] and [`FromVarkw`], which only accept
//! the types they are passed as (with a compile error at the user's type otherwise).

use super::args::{ArgSpec, extract_required};
use crate::class::{CompareOp, PyClass, PyRef};
use crate::conversion::FromPyObject;
use crate::err::PyResult;
use crate::exceptions::PySystemError;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use crate::types::{Dict, List, Module, Tuple, TypeObject};
use core::ffi::c_int;
use core::marker::PhantomData;

/// Facts about a type `T`, as associated consts usable in constant expressions. An
/// inherent const applies where its impl matches `T`; elsewhere the path
/// `<Probe<T>>::NAME` falls back to the trait of the same name (which the generated code
/// imports), so no bound on `T` is needed.
pub struct Probe<T: ?Sized>(PhantomData<T>);

impl<'py> Probe<Python<'py>> {
    /// `T` is the `Python<'py>` token (under any name: an alias is the same type).
    pub const IS_TOKEN: bool = true;
}

/// The fallback of [`Probe::IS_TOKEN`]: any other type.
pub trait NotToken {
    const IS_TOKEN: bool = false;
}

impl<T: ?Sized> NotToken for Probe<T> {}

impl<T: crate::class::Traverse> Probe<T> {
    /// Whether a field of type `T` can hold a Python reference.
    pub const HOLDS_REFERENCES: bool = T::HOLDS_REFERENCES;

    /// Visits the references a field of type `T` holds.
    #[inline(always)]
    pub fn traverse(
        value: &T,
        visit: &crate::class::PyVisit<'_>,
    ) -> Result<(), crate::class::PyTraverseError> {
        value.traverse(visit)
    }
}

/// The fallback of [`Probe::HOLDS_REFERENCES`] and [`Probe::traverse`]: a field type that
/// does not implement [`Traverse`](crate::class::Traverse) holds nothing the collector
/// is told about.
pub trait NotTraverse<T: ?Sized> {
    const HOLDS_REFERENCES: bool = false;

    #[inline(always)]
    fn traverse(
        _value: &T,
        _visit: &crate::class::PyVisit<'_>,
    ) -> Result<(), crate::class::PyTraverseError> {
        Ok(())
    }
}

impl<T: ?Sized> NotTraverse<T> for Probe<T> {}

impl<T: crate::class::PyClassBase> Probe<T> {
    /// Whether the base class `T` roots the class in a built-in type (`extends = ...`).
    pub const NATIVE_BASE: bool = T::NATIVE;
    /// Whether `T` may be extended (a `#[pyclass]` needs `subclass`).
    pub const EXTENDABLE: bool = T::SUBCLASSABLE;
}

/// The fallback of [`Probe::NATIVE_BASE`] and [`Probe::EXTENDABLE`]: a type that cannot be
/// a base is reported once, where the class names it as its `Base`, not again here.
pub trait NotABase {
    const NATIVE_BASE: bool = false;
    const EXTENDABLE: bool = true;
}

impl<T: ?Sized> NotABase for Probe<T> {}

/// A by-value parameter: the `Python` token, or a value converted from its argument.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a Python function argument",
    label = "the trait `FromPyObject` is not implemented for `{Self}`",
    note = "use a type that implements `FromPyObject` (numbers, `&str`, `String`, `Vec<T>`, `Option<T>`, `Object`, `&T` for a `#[pyclass]`, ...), or implement `FromPyObject` for `{Self}`"
)]
pub trait FromArg<'a, 'py>: Sized {
    /// The value for a parameter whose argument (if it takes one) is in `slot`, after
    /// `spec` parsed the call; `index` names it in errors.
    fn from_arg(
        py: Python<'py>,
        slot: Option<Borrowed<'a, 'py>>,
        spec: &'static ArgSpec,
        index: usize,
    ) -> PyResult<Self>;

    /// The value for a parameter of a slot function, whose operand (if it takes one) is
    /// `obj`. The conversion error is returned as is.
    fn from_operand(py: Python<'py>, obj: Option<Borrowed<'a, 'py>>) -> PyResult<Self>;
}

impl<'a, 'py> FromArg<'a, 'py> for Python<'py> {
    #[inline(always)]
    fn from_arg(
        py: Python<'py>,
        _slot: Option<Borrowed<'a, 'py>>,
        _spec: &'static ArgSpec,
        _index: usize,
    ) -> PyResult<Self> {
        Ok(py)
    }

    #[inline(always)]
    fn from_operand(py: Python<'py>, _obj: Option<Borrowed<'a, 'py>>) -> PyResult<Self> {
        Ok(py)
    }
}

impl<'a, 'py, T: FromPyObject<'a, 'py>> FromArg<'a, 'py> for T {
    #[inline(always)]
    fn from_arg(
        _py: Python<'py>,
        slot: Option<Borrowed<'a, 'py>>,
        spec: &'static ArgSpec,
        index: usize,
    ) -> PyResult<Self> {
        extract_required(slot, spec, index)
    }

    #[inline(always)]
    fn from_operand(_py: Python<'py>, obj: Option<Borrowed<'a, 'py>>) -> PyResult<Self> {
        match obj {
            Some(obj) => T::extract(obj),
            None => Err(missing_operand()),
        }
    }
}

/// Cannot happen: the macros check the number of operands at compile time.
#[cold]
fn missing_operand() -> crate::err::PyErr {
    PySystemError::new_err("abide: a slot function's operand is missing")
}

/// A `&T` parameter: what holds the value during the call (`Holder`, converted from the
/// argument) and the reference the function gets from it. A handle (`&Object`, `&List`,
/// ...) holds itself; a `#[pyclass]` is borrowed through a [`PyRef`].
#[diagnostic::on_unimplemented(
    message = "`&{Self}` cannot be a parameter of a function called from Python",
    label = "`{Self}` is not a #[pyclass] or a Python object handle",
    note = "take `&T` for a `#[pyclass]` `T`, `&str`, `&[u8]`, or a handle (`&Object`, `&List`, ...); for another type, take it by value"
)]
pub trait RefArg<'a, 'py> {
    type Holder: FromPyObject<'a, 'py>;

    fn get(holder: &Self::Holder) -> &Self;
}

impl<'a, 'py, T: PyClass> RefArg<'a, 'py> for T {
    type Holder = PyRef<'py, T>;

    #[inline(always)]
    fn get<'h>(holder: &'h PyRef<'py, T>) -> &'h T {
        holder
    }
}

/// Handles hold themselves.
macro_rules! self_holding {
    ($($ty:ident),*) => {$(
        impl<'a, 'py> RefArg<'a, 'py> for $ty<'py> {
            type Holder = $ty<'py>;

            #[inline(always)]
            fn get<'h>(holder: &'h $ty<'py>) -> &'h Self {
                holder
            }
        }
    )*};
}

self_holding!(Object, Tuple, List, Dict, TypeObject, Module);

// The typed handles of issue 15.
use crate::types::{
    Bool, ByteArray, Bytes, Float, FrozenSet, Int, Iter, Mapping, MemoryView, Sequence, Set, Slice,
    Str,
};
self_holding!(
    Bytes, ByteArray, Str, Int, Float, Bool, Set, FrozenSet, Slice, MemoryView, Iter, Sequence,
    Mapping
);

impl<'a, 'py> RefArg<'a, 'py> for Borrowed<'a, 'py> {
    type Holder = Borrowed<'a, 'py>;

    #[inline(always)]
    fn get<'h>(holder: &'h Borrowed<'a, 'py>) -> &'h Self {
        holder
    }
}

impl<'a, 'py> RefArg<'a, 'py> for str {
    type Holder = &'a str;

    #[inline(always)]
    fn get<'h>(holder: &'h &'a str) -> &'h str {
        holder
    }
}

impl<'a, 'py> RefArg<'a, 'py> for [u8] {
    type Holder = &'a [u8];

    #[inline(always)]
    fn get<'h>(holder: &'h &'a [u8]) -> &'h [u8] {
        holder
    }
}

/// `&Path` cannot borrow from a `str` (Python holds no bytes to point at): the owned
/// `PathBuf` is held for the call.
impl<'a, 'py> RefArg<'a, 'py> for std::path::Path {
    type Holder = std::path::PathBuf;

    #[inline(always)]
    fn get(holder: &std::path::PathBuf) -> &std::path::Path {
        holder
    }
}

/// `&OsStr`, held as an owned `OsString` for the call (as `&Path`).
impl<'a, 'py> RefArg<'a, 'py> for std::ffi::OsStr {
    type Holder = std::ffi::OsString;

    #[inline(always)]
    fn get(holder: &std::ffi::OsString) -> &std::ffi::OsStr {
        holder
    }
}

/// A by-value parameter of `__richcmp__(&self, other, op)`: the token, the operator
/// ([`CompareOp`]) or `other` converted.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a parameter of `__richcmp__`",
    label = "not the `Python` token or `CompareOp`, and `FromPyObject` is not implemented for it"
)]
pub trait RichCmpArg<'a, 'py>: Sized {
    fn from_richcmp(py: Python<'py>, other: Borrowed<'a, 'py>, op: c_int) -> PyResult<Self>;
}

impl<'a, 'py> RichCmpArg<'a, 'py> for Python<'py> {
    #[inline(always)]
    fn from_richcmp(py: Python<'py>, _other: Borrowed<'a, 'py>, _op: c_int) -> PyResult<Self> {
        Ok(py)
    }
}

impl<'a, 'py> RichCmpArg<'a, 'py> for CompareOp {
    #[inline(always)]
    fn from_richcmp(_py: Python<'py>, _other: Borrowed<'a, 'py>, op: c_int) -> PyResult<Self> {
        CompareOp::from_raw(op).ok_or_else(|| PySystemError::new_err("invalid comparison operator"))
    }
}

impl<'a, 'py, T: FromPyObject<'a, 'py>> RichCmpArg<'a, 'py> for T {
    #[inline(always)]
    fn from_richcmp(_py: Python<'py>, other: Borrowed<'a, 'py>, _op: c_int) -> PyResult<Self> {
        T::extract(other)
    }
}

/// A parameter that must be the `Python` token: one that the `signature` leaves out.
#[diagnostic::on_unimplemented(
    message = "this parameter is missing from the `signature`: `{Self}` is not the `Python` token",
    label = "add this parameter to the `signature` (every parameter except the `Python` token must be listed)"
)]
pub trait UnlistedToken<'py> {
    fn token(py: Python<'py>) -> Self;
}

impl<'py> UnlistedToken<'py> for Python<'py> {
    #[inline(always)]
    fn token(py: Python<'py>) -> Self {
        py
    }
}

/// A parameter of a method that Python passes nothing to (a `#[getter]`, a
/// `#[classattr]`): it must be the `Python` token.
#[diagnostic::on_unimplemented(
    message = "this method takes no parameters besides `self` except the `Python` token, not `{Self}`",
    label = "remove this parameter"
)]
pub trait OnlyToken<'py> {
    fn token(py: Python<'py>) -> Self;
}

impl<'py> OnlyToken<'py> for Python<'py> {
    #[inline(always)]
    fn token(py: Python<'py>) -> Self {
        py
    }
}

/// The number of `false` entries of `tokens` before `index`: the Python position of the
/// parameter at `index` when the `true` ones (the tokens) take no argument.
pub const fn position(tokens: &[bool], index: usize) -> usize {
    let mut i = 0;
    let mut n = 0;
    while i < index && i < tokens.len() {
        if !tokens[i] {
            n += 1;
        }
        i += 1;
    }
    n
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

#[cfg(test)]
mod tests {
    use super::*;

    type Token<'py> = Python<'py>;
    struct Python2;

    #[test]
    fn probe_decides_by_type() {
        let got = [
            <Probe<Python<'static>>>::IS_TOKEN,
            <Probe<Token<'static>>>::IS_TOKEN,
            <Probe<Python2>>::IS_TOKEN,
            <Probe<&str>>::IS_TOKEN,
            <Probe<Object<'static>>>::IS_TOKEN,
        ];
        assert_eq!(got, [true, true, false, false, false]);
    }

    #[test]
    fn positions_skip_tokens() {
        let tokens = [true, false, true, false, false];
        let got: Vec<usize> = (0..5).map(|i| position(&tokens, i)).collect();
        assert_eq!(got, [0, 0, 1, 1, 2]);
        assert_eq!(position(&tokens, 5), 3);
    }
}
