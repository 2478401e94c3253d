//! Integers. Every width converts both ways; values that do not fit raise
//! `OverflowError`, and objects that are not integers (floats included) raise `TypeError`,
//! as CPython's own `int` parameters do. Objects with `__index__` are accepted.

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyOverflowError, PyTypeError};
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;

/// `PyLong_AsLongLong` with its error check: accepts `int` and `__index__`.
#[inline]
fn as_i64(obj: Borrowed<'_, '_>) -> PyResult<i64> {
    // SAFETY: a valid object.
    let v = unsafe { ffi::PyLong_AsLongLong(obj.as_ptr()) };
    if v == -1 {
        if let Some(err) = PyErr::take(obj.py()) {
            return Err(err);
        }
    }
    Ok(v)
}

/// `PyLong_AsUnsignedLongLong`, which only takes `int`: go through `__index__` first for
/// other objects.
#[inline]
fn as_u64(obj: Borrowed<'_, '_>) -> PyResult<u64> {
    let py = obj.py();
    // SAFETY: valid objects throughout.
    unsafe {
        let v = ffi::PyLong_AsUnsignedLongLong(obj.as_ptr());
        if v != u64::MAX {
            return Ok(v);
        }
        match PyErr::take(py) {
            None => Ok(v),
            Some(err) if err.is_instance_of::<PyTypeError>(py) => {
                let index = Object::from_owned_ptr_or_err(py, ffi::PyNumber_Index(obj.as_ptr()))?;
                let v = ffi::PyLong_AsUnsignedLongLong(index.as_ptr());
                if v == u64::MAX {
                    if let Some(err) = PyErr::take(py) {
                        return Err(err);
                    }
                }
                Ok(v)
            }
            Some(err) => Err(err),
        }
    }
}

#[cold]
fn out_of_range(ty: &str) -> PyErr {
    PyOverflowError::new_err(format!("Python int too large to convert to Rust {ty}"))
}

#[cold]
fn negative(ty: &str) -> PyErr {
    PyOverflowError::new_err(format!("can't convert negative int to unsigned Rust {ty}"))
}

macro_rules! small_signed {
    ($($t:ty),*) => {$(
        impl<'a, 'py> FromPyObject<'a, 'py> for $t {
            const INPUT_TYPE: &'static str = "typing.SupportsIndex";
            #[inline]
            fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
                let v = as_i64(obj)?;
                <$t>::try_from(v).map_err(|_| out_of_range(stringify!($t)))
            }
        }
        impl<'py> IntoPyObject<'py> for $t {
            const OUTPUT_TYPE: &'static str = "int";
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
                // SAFETY: returns a new reference or NULL.
                unsafe { Object::from_owned_ptr_or_err(py, ffi::PyLong_FromLongLong(self as i64)) }
            }
        }
    )*};
}

macro_rules! small_unsigned {
    ($($t:ty),*) => {$(
        impl<'a, 'py> FromPyObject<'a, 'py> for $t {
            const INPUT_TYPE: &'static str = "typing.SupportsIndex";
            #[inline]
            fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
                // Through i64 so negatives get the "negative" message, not a wrap-around.
                let v = as_i64(obj)?;
                if v < 0 {
                    return Err(negative(stringify!($t)));
                }
                <$t>::try_from(v).map_err(|_| out_of_range(stringify!($t)))
            }
        }
        impl<'py> IntoPyObject<'py> for $t {
            const OUTPUT_TYPE: &'static str = "int";
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
                // SAFETY: returns a new reference or NULL.
                unsafe { Object::from_owned_ptr_or_err(py, ffi::PyLong_FromUnsignedLongLong(self as u64)) }
            }
        }
    )*};
}

small_signed!(i8, i16, i32, i64, isize);
small_unsigned!(u16, u32);

// u8 is special only in that `Vec<u8>` is `bytes`.
impl<'a, 'py> FromPyObject<'a, 'py> for u8 {
    const INPUT_TYPE: &'static str = "typing.SupportsIndex";
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let v = as_i64(obj)?;
        if v < 0 {
            return Err(negative("u8"));
        }
        u8::try_from(v).map_err(|_| out_of_range("u8"))
    }

    fn extract_vec(obj: Borrowed<'a, 'py>) -> Option<PyResult<Vec<Self>>> {
        super::bytes::bytes_like_to_vec(obj)
    }
}

impl<'py> IntoPyObject<'py> for u8 {
    const OUTPUT_TYPE: &'static str = "int";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        // SAFETY: returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyLong_FromLong(self as _)) }
    }

    fn vec_into_pyobject(items: Vec<Self>, py: Python<'py>) -> PyResult<Object<'py>> {
        items.as_slice().into_pyobject(py)
    }
}

macro_rules! wide_unsigned {
    ($($t:ty),*) => {$(
        impl<'a, 'py> FromPyObject<'a, 'py> for $t {
            const INPUT_TYPE: &'static str = "typing.SupportsIndex";
            #[inline]
            fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
                let v = as_u64(obj)?;
                <$t>::try_from(v).map_err(|_| out_of_range(stringify!($t)))
            }
        }
        impl<'py> IntoPyObject<'py> for $t {
            const OUTPUT_TYPE: &'static str = "int";
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
                // SAFETY: returns a new reference or NULL.
                unsafe { Object::from_owned_ptr_or_err(py, ffi::PyLong_FromUnsignedLongLong(self as u64)) }
            }
        }
    )*};
}

wide_unsigned!(u64, usize);

/// 128-bit integers go through two 64-bit halves with Python's own `>>`, `&`, `<<`, `|`
/// (the Limited API of 3.13 has no native-bytes conversion).
fn split_128<'py>(obj: Borrowed<'_, 'py>) -> PyResult<(Object<'py>, u64)> {
    let py = obj.py();
    // SAFETY: valid objects throughout; each call returns a new reference or NULL.
    unsafe {
        let int = Object::from_owned_ptr_or_err(py, ffi::PyNumber_Index(obj.as_ptr()))?;
        let shift = 64u32.into_pyobject(py)?;
        let mask = u64::MAX.into_pyobject(py)?;
        let high =
            Object::from_owned_ptr_or_err(py, ffi::PyNumber_Rshift(int.as_ptr(), shift.as_ptr()))?;
        let low =
            Object::from_owned_ptr_or_err(py, ffi::PyNumber_And(int.as_ptr(), mask.as_ptr()))?;
        let low = as_u64(low.as_borrowed())?;
        Ok((high, low))
    }
}

fn join_128<'py>(py: Python<'py>, high: Object<'py>, low: u64) -> PyResult<Object<'py>> {
    // SAFETY: valid objects throughout; each call returns a new reference or NULL.
    unsafe {
        let shift = 64u32.into_pyobject(py)?;
        let high =
            Object::from_owned_ptr_or_err(py, ffi::PyNumber_Lshift(high.as_ptr(), shift.as_ptr()))?;
        let low = low.into_pyobject(py)?;
        Object::from_owned_ptr_or_err(py, ffi::PyNumber_Or(high.as_ptr(), low.as_ptr()))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for i128 {
    const INPUT_TYPE: &'static str = "typing.SupportsIndex";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        // Small values (the common case) take the one-call path.
        let mut overflow = 0;
        // SAFETY: a valid object and a writable overflow flag.
        let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(obj.as_ptr(), &mut overflow) };
        if v == -1 {
            if let Some(err) = PyErr::take(obj.py()) {
                return Err(err);
            }
        }
        if overflow == 0 {
            return Ok(v as i128);
        }
        let (high, low) = split_128(obj)?;
        let high = as_i64(high.as_borrowed()).map_err(|_| out_of_range("i128"))?;
        Ok(((high as i128) << 64) | low as i128)
    }
}

impl<'py> IntoPyObject<'py> for i128 {
    const OUTPUT_TYPE: &'static str = "int";
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        if let Ok(v) = i64::try_from(self) {
            return v.into_pyobject(py);
        }
        join_128(py, ((self >> 64) as i64).into_pyobject(py)?, self as u64)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for u128 {
    const INPUT_TYPE: &'static str = "typing.SupportsIndex";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let (high, low) = split_128(obj)?;
        // A negative value has a negative high half.
        let high = match as_i64(high.as_borrowed()) {
            Ok(h) if h < 0 => return Err(negative("u128")),
            _ => as_u64(high.as_borrowed()).map_err(|_| out_of_range("u128"))?,
        };
        Ok(((high as u128) << 64) | low as u128)
    }
}

impl<'py> IntoPyObject<'py> for u128 {
    const OUTPUT_TYPE: &'static str = "int";
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        if let Ok(v) = u64::try_from(self) {
            return v.into_pyobject(py);
        }
        join_128(py, ((self >> 64) as u64).into_pyobject(py)?, self as u64)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for bool {
    const INPUT_TYPE: &'static str = "bool";
    /// `True` and `False`, and, as in PyO3, NumPy's `numpy.bool_` (by its type's module
    /// and name, through its `__bool__`): a strict check otherwise, so `f(1)` is not
    /// mistaken for `f(True)`.
    #[inline]
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        // SAFETY: borrowed immortal constants.
        unsafe {
            if obj.as_ptr() == ffi::Py_True() {
                Ok(true)
            } else if obj.as_ptr() == ffi::Py_False() {
                Ok(false)
            } else {
                numpy_bool(obj)
            }
        }
    }
}

/// NumPy's scalar booleans (`numpy.bool_`, named `numpy.bool` since NumPy 2), found by
/// the module and name of their type as PyO3 does, converted by calling the type's
/// `__bool__`, which must return a `bool`. Anything else: the usual `TypeError`.
#[cold]
fn numpy_bool(obj: Borrowed<'_, '_>) -> PyResult<bool> {
    use crate::object::PyAnyMethods;
    let ty = obj.get_type();
    let in_numpy = ty
        .as_object()
        .getattr("__module__")
        .and_then(|m| m.extract::<String>())
        .is_ok_and(|m| m == "numpy");
    let name = match ty.name() {
        Ok(name) if in_numpy && (name == "bool_" || name == "bool") => name,
        _ => return Err(crate::conversion::type_error(obj, "bool")),
    };
    // Looked up on the type, as Python looks up special methods.
    let method = ty.as_object().getattr("__bool__").map_err(|_| {
        PyTypeError::new_err(format!(
            "object of type 'numpy.{name}' does not define a '__bool__' conversion"
        ))
    })?;
    let value = method.call1((obj,))?;
    // SAFETY: borrowed immortal constants.
    unsafe {
        if value.as_ptr() == ffi::Py_True() {
            Ok(true)
        } else if value.as_ptr() == ffi::Py_False() {
            Ok(false)
        } else {
            Err(crate::conversion::type_error(value.as_borrowed(), "bool"))
        }
    }
}

impl<'py> IntoPyObject<'py> for bool {
    const OUTPUT_TYPE: &'static str = "bool";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        // SAFETY: a new reference (no refcount change from 3.12 on, where True and False
        // are immortal).
        unsafe {
            Ok(Object::from_owned_ptr(
                py,
                crate::compat::singleton_ref(if self {
                    ffi::Py_True()
                } else {
                    ffi::Py_False()
                }),
            ))
        }
    }
}
