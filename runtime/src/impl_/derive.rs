//! What `#[derive(FromPyObject)]` and `#[derive(IntoPyObject)]` expand to call: the field
//! lookups, the wrapping of a field's error ("failed to extract field Foo.bar", with the
//! inner error as `__cause__`), the tuple checks, and the enum's combined error. The
//! wording is PyO3's, so that ported tests keep their expected messages.

use crate::conversion::FromPyObject;
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyTypeError, PyValueError};
use crate::ffi;
use crate::object::{Borrowed, Object, PyAnyMethods};
use crate::python::Python;
use crate::types::{Dict, Tuple};

/// `obj.name`, for a field read from an attribute.
pub fn getattr<'py>(obj: Borrowed<'_, 'py>, name: &str) -> PyResult<Object<'py>> {
    obj.to_owned().getattr(name)
}

/// `obj[key]`, for a field read from a mapping item.
pub fn get_item<'py, K: crate::conversion::IntoPyObject<'py>>(
    obj: Borrowed<'_, 'py>,
    key: K,
) -> PyResult<Object<'py>> {
    obj.to_owned().get_item(key)
}

/// Extracts a field's value (read from an attribute or an item, so owned: the value
/// must not borrow from it); on failure, the field's error.
pub fn extract_field<'py, T>(value: &Object<'py>, owner: &str, field: &str) -> PyResult<T>
where
    T: for<'b> FromPyObject<'b, 'py>,
{
    let result = T::extract(value.as_borrowed());
    field_result(value.py(), result, owner, field)
}

/// Extracts a newtype's or a transparent struct's one field straight from the object
/// (borrowing from it for `'a`); on failure, the field's error.
pub fn extract_inner<'a, 'py, T>(obj: Borrowed<'a, 'py>, owner: &str, field: &str) -> PyResult<T>
where
    T: FromPyObject<'a, 'py>,
{
    field_result(obj.py(), T::extract(obj), owner, field)
}

/// A field's conversion result (of `extract`, or of a `from_py_with` function): an error
/// becomes `TypeError: failed to extract field Owner.field` from the inner one.
pub fn field_result<T>(
    py: Python<'_>,
    result: PyResult<T>,
    owner: &str,
    field: &str,
) -> PyResult<T> {
    result.map_err(|inner| field_error(py, inner, owner, field))
}

#[cold]
fn field_error(py: Python<'_>, inner: PyErr, owner: &str, field: &str) -> PyErr {
    let mut err = PyTypeError::new_err(format!("failed to extract field {owner}.{field}"));
    err.set_cause(py, Some(inner));
    err
}

/// The items of a tuple of exactly `len` items, borrowed from it: a tuple struct's
/// fields. Another object is a `TypeError`, another length a `ValueError`.
pub struct TupleItems<'a, 'py> {
    tuple: Borrowed<'a, 'py>,
}

impl<'a, 'py> TupleItems<'a, 'py> {
    /// Checks that `obj` is a tuple of `len` items.
    pub fn new(obj: Borrowed<'a, 'py>, len: usize) -> PyResult<Self> {
        // SAFETY: a valid object.
        if unsafe { crate::compat::tuple_check(obj.as_ptr()) } == 0 {
            return Err(crate::conversion::type_error(obj, "tuple"));
        }
        // SAFETY: a tuple.
        let n = unsafe { ffi::PyTuple_Size(obj.as_ptr()) };
        if n < 0 || n as usize != len {
            return Err(PyValueError::new_err(format!(
                "expected tuple of length {len}, but got tuple of length {n}"
            )));
        }
        Ok(TupleItems { tuple: obj })
    }

    /// Item `index` (below the length checked in `new`, or the call panics). A tuple's
    /// items never change, and it is alive for `'a`, so the item is too.
    pub fn get(&self, index: usize) -> Borrowed<'a, 'py> {
        // SAFETY: a tuple; an index out of range gives NULL (and IndexError), which the
        // assertion below turns into a panic before any use.
        let item = unsafe { ffi::PyTuple_GetItem(self.tuple.as_ptr(), index as ffi::Py_ssize_t) };
        assert!(!item.is_null(), "tuple index {index} out of range");
        // SAFETY: a borrowed reference held by the tuple, which lives for 'a.
        unsafe { Borrowed::from_ptr(self.tuple.py(), item) }
    }
}

/// Extracts item `index` of a tuple struct; on failure, the field's error (`Foo.0`).
pub fn extract_item<'a, 'py, T>(
    items: &TupleItems<'a, 'py>,
    index: usize,
    owner: &str,
) -> PyResult<T>
where
    T: FromPyObject<'a, 'py>,
{
    let item = items.get(index);
    field_result(item.py(), T::extract(item), owner, &index.to_string())
}

/// The error of an enum none of whose variants extracted: PyO3's wording,
/// `failed to extract enum Foo ('A | B')`, then a line per variant with its error (and
/// that error's causes).
#[cold]
pub fn enum_error(
    py: Python<'_>,
    enum_name: &str,
    variants: &[&str],
    annotations: &[&str],
    errors: Vec<PyErr>,
) -> PyErr {
    use core::fmt::Write;
    let mut msg = format!(
        "failed to extract enum {enum_name} ('{}')",
        annotations.join(" | ")
    );
    for ((variant, annotation), err) in variants.iter().zip(annotations).zip(errors) {
        let _ = write!(
            msg,
            "\n- variant {variant} ({annotation}): {}",
            chain(py, err)
        );
    }
    PyTypeError::new_err(msg)
}

/// `TypeError: outer, caused by ValueError: inner`: an error and its `__cause__`s.
fn chain(py: Python<'_>, err: PyErr) -> String {
    let mut text = err.to_string();
    let mut value = err.into_value(py);
    // A cycle of causes is possible from Python: stop after a few.
    for _ in 0..32 {
        let cause = match value.getattr("__cause__") {
            Ok(c) if !c.is_none() => c,
            _ => break,
        };
        let err = PyErr::from_value(cause.clone());
        let _ = core::fmt::Write::write_fmt(&mut text, format_args!(", caused by {err}"));
        value = cause;
    }
    text
}

/// A new dict, for a struct converted to one.
pub fn new_dict(py: Python<'_>) -> PyResult<Dict<'_>> {
    Dict::new(py)
}

/// A tuple of already-converted fields, for a tuple struct.
pub fn new_tuple<'py, const N: usize>(
    py: Python<'py>,
    items: [Object<'py>; N],
) -> PyResult<Object<'py>> {
    Tuple::new(py, items).map(Tuple::into_any)
}
