//! Sequences: `Vec<T>` and arrays as `list`, Rust tuples as `tuple`, sets as `set`.
//!
//! Extraction takes one snapshot of the input as a tuple (`PySequence_Tuple`, a single
//! call for a list) and reads items from it with borrowed references, instead of one new
//! reference per item: under abi3t every reference count change is a function call.

use crate::conversion::{FromPyObject, IntoPyObject, type_error};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyValueError;
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use std::collections::{BTreeSet, HashSet};
use std::hash::{BuildHasher, Hash};

/// A tuple snapshot of any iterable but `str` (which is iterable, but almost never meant
/// as a list of characters).
fn snapshot<'py>(obj: Borrowed<'_, 'py>, what: &str) -> PyResult<Object<'py>> {
    // SAFETY: a valid object; PySequence_Tuple returns a new reference or NULL.
    unsafe {
        if crate::compat::unicode_check(obj.as_ptr()) != 0 {
            return Err(type_error(obj, what));
        }
        if crate::compat::tuple_check(obj.as_ptr()) != 0 {
            return Ok(obj.to_owned());
        }
        let t = ffi::PySequence_Tuple(obj.as_ptr());
        if t.is_null() {
            let err = PyErr::fetch(obj.py());
            // "'int' object is not iterable" is CPython's wording; keep it.
            return Err(err);
        }
        Ok(Object::from_owned_ptr(obj.py(), t))
    }
}

/// Extracts each item of a tuple snapshot.
fn extract_items<'py, T, C>(tuple: &Object<'py>, mut push: C) -> PyResult<()>
where
    T: for<'a> FromPyObject<'a, 'py>,
    C: FnMut(T),
{
    let py = tuple.py();
    // SAFETY: `tuple` is a tuple we own; its items stay alive while it does.
    unsafe {
        let n = ffi::PyTuple_Size(tuple.as_ptr());
        for i in 0..n {
            let item = ffi::PyTuple_GetItem(tuple.as_ptr(), i);
            push(T::extract(Borrowed::from_ptr(py, item))?);
        }
    }
    Ok(())
}

impl<'a, 'py, T> FromPyObject<'a, 'py> for Vec<T>
where
    T: for<'b> FromPyObject<'b, 'py>,
{
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        if let Some(fast) = T::extract_vec(obj) {
            return fast;
        }
        let tuple = snapshot(obj, "list")?;
        // SAFETY: a tuple.
        let mut out = Vec::with_capacity(unsafe { ffi::PyTuple_Size(tuple.as_ptr()) } as usize);
        extract_items(&tuple, |v| out.push(v))?;
        Ok(out)
    }
}

impl<'a, 'py, T, const N: usize> FromPyObject<'a, 'py> for [T; N]
where
    T: for<'b> FromPyObject<'b, 'py>,
{
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let items: Vec<T> = Vec::extract(obj)?;
        let len = items.len();
        items.try_into().map_err(|_| {
            PyValueError::new_err(format!(
                "expected a sequence of length {N}, got one of length {len}"
            ))
        })
    }
}

impl<'a, 'py, T, S> FromPyObject<'a, 'py> for HashSet<T, S>
where
    T: for<'b> FromPyObject<'b, 'py> + Eq + Hash,
    S: BuildHasher + Default,
{
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let tuple = snapshot(obj, "set")?;
        let mut out = HashSet::default();
        extract_items(&tuple, |v| {
            out.insert(v);
        })?;
        Ok(out)
    }
}

impl<'a, 'py, T> FromPyObject<'a, 'py> for BTreeSet<T>
where
    T: for<'b> FromPyObject<'b, 'py> + Ord,
{
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let tuple = snapshot(obj, "set")?;
        let mut out = BTreeSet::new();
        extract_items(&tuple, |v| {
            out.insert(v);
        })?;
        Ok(out)
    }
}

/// A list from converted items.
pub(crate) fn list_from_iter<'py, T, I>(py: Python<'py>, items: I) -> PyResult<Object<'py>>
where
    T: IntoPyObject<'py>,
    I: ExactSizeIterator<Item = T>,
{
    // SAFETY: PyList_New gives a list of NULLs, each filled exactly once by
    // PyList_SetItem, which steals the reference. A failed conversion leaves NULLs,
    // which list deallocation tolerates.
    unsafe {
        let len = items.len();
        let list = Object::from_owned_ptr_or_err(py, ffi::PyList_New(len as ffi::Py_ssize_t))?;
        for (i, item) in items.enumerate().take(len) {
            let item = item.into_pyobject(py)?;
            ffi::PyList_SetItem(list.as_ptr(), i as ffi::Py_ssize_t, item.into_ptr());
        }
        Ok(list)
    }
}

fn set_from_iter<'py, T, I>(py: Python<'py>, items: I) -> PyResult<Object<'py>>
where
    T: IntoPyObject<'py>,
    I: Iterator<Item = T>,
{
    // SAFETY: a new set, filled with valid objects.
    unsafe {
        let set = Object::from_owned_ptr_or_err(py, ffi::PySet_New(core::ptr::null_mut()))?;
        for item in items {
            let item = item.into_pyobject(py)?;
            PyErr::check(py, ffi::PySet_Add(set.as_ptr(), item.as_ptr()))?;
        }
        Ok(set)
    }
}

impl<'py, T: IntoPyObject<'py>> IntoPyObject<'py> for Vec<T> {
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        T::vec_into_pyobject(self, py)
    }
}

impl<'py, T: IntoPyObject<'py>, const N: usize> IntoPyObject<'py> for [T; N] {
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        list_from_iter(py, self.into_iter())
    }
}

impl<'py, T: IntoPyObject<'py>, S> IntoPyObject<'py> for HashSet<T, S> {
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        set_from_iter(py, self.into_iter())
    }
}

impl<'py, T: IntoPyObject<'py>> IntoPyObject<'py> for BTreeSet<T> {
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        set_from_iter(py, self.into_iter())
    }
}

macro_rules! tuple_conversions {
    ($len:literal: $($name:ident $idx:literal),+) => {
        impl<'a, 'py, $($name: FromPyObject<'a, 'py>),+> FromPyObject<'a, 'py> for ($($name,)+) {
            fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
                // SAFETY: checked to be a tuple of the right length; items are borrowed
                // from it, and it outlives 'a.
                unsafe {
                    if crate::compat::tuple_check(obj.as_ptr()) == 0 {
                        return Err(type_error(obj, "tuple"));
                    }
                    let n = ffi::PyTuple_Size(obj.as_ptr());
                    if n != $len {
                        return Err(PyValueError::new_err(format!(
                            "expected a tuple of length {}, got one of length {n}", $len
                        )));
                    }
                    Ok(($(
                        $name::extract(Borrowed::from_ptr(obj.py(), ffi::PyTuple_GetItem(obj.as_ptr(), $idx)))?,
                    )+))
                }
            }
        }

        impl<'py, $($name: IntoPyObject<'py>),+> IntoPyObject<'py> for ($($name,)+) {
            #[allow(non_snake_case)]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
                let ($($name,)+) = self;
                $(let $name = $name.into_pyobject(py)?;)+
                // SAFETY: a new tuple; PyTuple_SetItem steals each new reference.
                unsafe {
                    let t = Object::from_owned_ptr_or_err(py, ffi::PyTuple_New($len))?;
                    $(ffi::PyTuple_SetItem(t.as_ptr(), $idx, $name.into_ptr());)+
                    Ok(t)
                }
            }
        }
    };
}

tuple_conversions!(1: A 0);
tuple_conversions!(2: A 0, B 1);
tuple_conversions!(3: A 0, B 1, C 2);
tuple_conversions!(4: A 0, B 1, C 2, D 3);
tuple_conversions!(5: A 0, B 1, C 2, D 3, E 4);
tuple_conversions!(6: A 0, B 1, C 2, D 3, E 4, F 5);
tuple_conversions!(7: A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_conversions!(8: A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
