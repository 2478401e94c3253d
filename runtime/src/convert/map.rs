//! Maps: `HashMap` and `BTreeMap` from any mapping (through a snapshot of its items,
//! safe against concurrent changes), to a `dict`.

use crate::conversion::{FromPyObject, IntoPyObject, type_error};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Borrowed, Object, PyAnyMethods};
use crate::python::Python;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

/// Calls `f` for each (key, value) of a mapping, from a snapshot list of its items.
fn for_each_item<'py>(
    obj: Borrowed<'_, 'py>,
    mut f: impl FnMut(Borrowed<'_, 'py>, Borrowed<'_, 'py>) -> PyResult<()>,
) -> PyResult<()> {
    let py = obj.py();
    // SAFETY: valid objects; `items` is our own list of 2-tuples, which keeps every key and
    // value alive while we read them.
    unsafe {
        // A dict, or a mapping in the `collections.abc.Mapping` sense: something with
        // `keys` (a list also passes `PyMapping_Check`, so that check is not enough).
        let items = if crate::compat::dict_check(obj.as_ptr()) != 0 {
            ffi::PyDict_Items(obj.as_ptr())
        } else if obj.hasattr("keys")? {
            ffi::PyMapping_Items(obj.as_ptr())
        } else {
            return Err(type_error(obj, "dict"));
        };
        let items = Object::from_owned_ptr_or_err(py, items)?;
        let n = ffi::PyList_Size(items.as_ptr());
        for i in 0..n {
            let pair = ffi::PyList_GetItem(items.as_ptr(), i);
            if pair.is_null()
                || crate::compat::tuple_check(pair) == 0
                || ffi::PyTuple_Size(pair) != 2
            {
                return Err(PyErr::fetch(py));
            }
            let k = Borrowed::from_ptr(py, ffi::PyTuple_GetItem(pair, 0));
            let v = Borrowed::from_ptr(py, ffi::PyTuple_GetItem(pair, 1));
            f(k, v)?;
        }
    }
    Ok(())
}

impl<'a, 'py, K, V, S> FromPyObject<'a, 'py> for HashMap<K, V, S>
where
    K: for<'b> FromPyObject<'b, 'py> + Eq + Hash,
    V: for<'b> FromPyObject<'b, 'py>,
    S: BuildHasher + Default,
{
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let mut out = HashMap::default();
        for_each_item(obj, |k, v| {
            out.insert(K::extract(k)?, V::extract(v)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<'a, 'py, K, V> FromPyObject<'a, 'py> for BTreeMap<K, V>
where
    K: for<'b> FromPyObject<'b, 'py> + Ord,
    V: for<'b> FromPyObject<'b, 'py>,
{
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let mut out = BTreeMap::new();
        for_each_item(obj, |k, v| {
            out.insert(K::extract(k)?, V::extract(v)?);
            Ok(())
        })?;
        Ok(out)
    }
}

fn dict_from_iter<'py, K, V>(
    py: Python<'py>,
    items: impl Iterator<Item = (K, V)>,
) -> PyResult<Object<'py>>
where
    K: IntoPyObject<'py>,
    V: IntoPyObject<'py>,
{
    // SAFETY: a new dict, filled with valid objects.
    unsafe {
        let dict = Object::from_owned_ptr_or_err(py, ffi::PyDict_New())?;
        for (k, v) in items {
            let k = k.into_pyobject(py)?;
            let v = v.into_pyobject(py)?;
            PyErr::check(
                py,
                ffi::PyDict_SetItem(dict.as_ptr(), k.as_ptr(), v.as_ptr()),
            )?;
        }
        Ok(dict)
    }
}

impl<'py, K: IntoPyObject<'py>, V: IntoPyObject<'py>, S> IntoPyObject<'py> for HashMap<K, V, S> {
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        dict_from_iter(py, self.into_iter())
    }
}

impl<'py, K: IntoPyObject<'py>, V: IntoPyObject<'py>> IntoPyObject<'py> for BTreeMap<K, V> {
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        dict_from_iter(py, self.into_iter())
    }
}
