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

/// A private snapshot of the items of any iterable but `str` (which is iterable, but
/// almost never meant as a list of characters): the tuple itself, a tuple copy of a list
/// (one call, consistent even if another thread changes the list), or a new list built
/// from any other iterable (`PySequence_List` uses the length hint, so an absurd one such
/// as `range(2**62)` fails at once with `MemoryError`).
struct Snapshot<'py> {
    items: Object<'py>,
    is_list: bool,
}

impl<'py> Snapshot<'py> {
    fn take(obj: Borrowed<'_, 'py>, what: &str) -> PyResult<Self> {
        let py = obj.py();
        // SAFETY: a valid object; the C calls return a new reference or NULL.
        unsafe {
            if crate::compat::unicode_check(obj.as_ptr()) != 0 {
                return Err(type_error(obj, what));
            }
            if crate::compat::tuple_check(obj.as_ptr()) != 0 {
                return Ok(Snapshot {
                    items: obj.to_owned(),
                    is_list: false,
                });
            }
            if crate::compat::list_check(obj.as_ptr()) != 0 {
                let t = Object::from_owned_ptr_or_err(py, ffi::PyList_AsTuple(obj.as_ptr()))?;
                return Ok(Snapshot {
                    items: t,
                    is_list: false,
                });
            }
            // "'int' object is not iterable" is CPython's own wording: keep its error.
            let l = Object::from_owned_ptr_or_err(py, ffi::PySequence_List(obj.as_ptr()))?;
            Ok(Snapshot {
                items: l,
                is_list: true,
            })
        }
    }

    fn len(&self) -> usize {
        // SAFETY: our own tuple or list.
        let n = unsafe {
            if self.is_list {
                ffi::PyList_Size(self.items.as_ptr())
            } else {
                ffi::PyTuple_Size(self.items.as_ptr())
            }
        };
        n.max(0) as usize
    }

    /// Extracts each item.
    fn extract_each<T, C>(&self, mut push: C) -> PyResult<()>
    where
        T: for<'a> FromPyObject<'a, 'py>,
        C: FnMut(T),
    {
        let py = self.items.py();
        // SAFETY: nobody else holds this tuple or list (a list we made, or an immutable
        // tuple), so borrowed items stay alive while `self` does.
        unsafe {
            for i in 0..self.len() as ffi::Py_ssize_t {
                let item = if self.is_list {
                    ffi::PyList_GetItem(self.items.as_ptr(), i)
                } else {
                    ffi::PyTuple_GetItem(self.items.as_ptr(), i)
                };
                push(T::extract(Borrowed::from_ptr(py, item))?);
            }
        }
        Ok(())
    }
}

impl<'a, 'py, T> FromPyObject<'a, 'py> for Vec<T>
where
    T: for<'b> FromPyObject<'b, 'py>,
{
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        if let Some(fast) = T::extract_vec(obj) {
            return fast;
        }
        let snapshot = Snapshot::take(obj, "list")?;
        let mut out = Vec::with_capacity(snapshot.len());
        snapshot.extract_each(|v| out.push(v))?;
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
        let snapshot = Snapshot::take(obj, "set")?;
        let mut out = HashSet::default();
        snapshot.extract_each(|v| {
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
        let snapshot = Snapshot::take(obj, "set")?;
        let mut out = BTreeSet::new();
        snapshot.extract_each(|v| {
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
