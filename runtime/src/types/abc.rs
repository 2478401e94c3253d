//! The abstract handles `Sequence` and `Mapping`. Their check is PyO3's: `list`/`tuple`
//! (`dict`) first, then `isinstance` with `collections.abc.Sequence` (`Mapping`). Python
//! code could rebind those names in `collections.abc`; that changes which objects pass the
//! check, nothing more: every method goes through the abstract object protocol
//! (`PySequence_*`, `PyMapping_*`), which is safe for any object.

use super::{Iter, List};
use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Object, PyAnyMethods};
use crate::python::Python;
use core::ffi::c_int;

/// `isinstance(obj, collections.abc.<name>)`: 1, 0, or -1 with an exception set.
///
/// # Safety
/// `obj` must be a valid object, on an attached thread.
unsafe fn abc_instance(obj: *mut ffi::PyObject, name: &str) -> c_int {
    // SAFETY: the caller is attached.
    let py = unsafe { Python::assume_attached() };
    let abc = match py.import("collections.abc").and_then(|m| m.getattr(name)) {
        Ok(abc) => abc,
        Err(err) => {
            err.restore(py);
            return -1;
        }
    };
    // SAFETY: valid objects.
    unsafe { ffi::PyObject_IsInstance(obj, abc.as_ptr()) }
}

/// `list`, `tuple`, or an instance of `collections.abc.Sequence`.
///
/// # Safety
/// `obj` must be a valid object, on an attached thread.
unsafe fn sequence_check(obj: *mut ffi::PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        if crate::compat::list_check(obj) != 0 || crate::compat::tuple_check(obj) != 0 {
            return 1;
        }
        abc_instance(obj, "Sequence")
    }
}

/// `dict`, or an instance of `collections.abc.Mapping`.
///
/// # Safety
/// `obj` must be a valid object, on an attached thread.
unsafe fn mapping_check(obj: *mut ffi::PyObject) -> c_int {
    // SAFETY: forwarded.
    unsafe {
        if crate::compat::dict_check(obj) != 0 {
            return 1;
        }
        abc_instance(obj, "Mapping")
    }
}

/// A `Py_ssize_t` result of the C API: -1 means an exception is set.
fn size(py: Python<'_>, n: ffi::Py_ssize_t) -> PyResult<usize> {
    usize::try_from(n).map_err(|_| PyErr::fetch(py))
}

super::object_wrapper!(
    /// Any sequence: a `list`, a `tuple`, or an instance of `collections.abc.Sequence`
    /// (`str`, `range` and registered classes included).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Sequence;
    ///
    /// /// The last item.
    /// #[pyfunction]
    /// fn last<'py>(seq: Sequence<'py>) -> PyResult<Object<'py>> {
    ///     let n = seq.len()?;
    ///     seq.get_item(n.saturating_sub(1))
    /// }
    /// ```
    Sequence,
    sequence_check,
    "Sequence"
);

impl<'py> Sequence<'py> {
    /// `len(seq)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Sequence;
    ///
    /// #[pyfunction]
    /// fn size(seq: Sequence<'_>) -> PyResult<usize> {
    ///     seq.len()
    /// }
    /// ```
    pub fn len(&self) -> PyResult<usize> {
        // SAFETY: a valid object; -1 with an exception set on error.
        size(self.0.py(), unsafe {
            ffi::PySequence_Size(self.0.as_ptr())
        })
    }

    /// Whether `len(seq) == 0`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Sequence;
    ///
    /// #[pyfunction]
    /// fn blank(seq: Sequence<'_>) -> PyResult<bool> {
    ///     seq.is_empty()
    /// }
    /// ```
    pub fn is_empty(&self) -> PyResult<bool> {
        self.len().map(|n| n == 0)
    }

    /// `seq[index]` (`IndexError` when out of range).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Sequence;
    ///
    /// #[pyfunction]
    /// fn first<'py>(seq: Sequence<'py>) -> PyResult<Object<'py>> {
    ///     seq.get_item(0)
    /// }
    /// ```
    pub fn get_item(&self, index: usize) -> PyResult<Object<'py>> {
        let index = ffi::Py_ssize_t::try_from(index).unwrap_or(ffi::Py_ssize_t::MAX);
        // SAFETY: a valid object; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(
                self.0.py(),
                ffi::PySequence_GetItem(self.0.as_ptr(), index),
            )
        }
    }

    /// `value in seq`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Sequence;
    ///
    /// #[pyfunction]
    /// fn has_none(seq: Sequence<'_>) -> PyResult<bool> {
    ///     seq.contains(seq.py().None())
    /// }
    /// ```
    pub fn contains(&self, value: impl IntoPyObject<'py>) -> PyResult<bool> {
        let value = value.into_pyobject(self.0.py())?;
        // SAFETY: valid objects; -1 with an exception set on error.
        match unsafe { ffi::PySequence_Contains(self.0.as_ptr(), value.as_ptr()) } {
            rc if rc < 0 => Err(PyErr::fetch(self.0.py())),
            rc => Ok(rc == 1),
        }
    }

    /// A new `list` of the items.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Sequence;
    ///
    /// #[pyfunction]
    /// fn as_list<'py>(seq: Sequence<'py>) -> PyResult<List<'py>> {
    ///     seq.to_list()
    /// }
    /// ```
    pub fn to_list(&self) -> PyResult<List<'py>> {
        // SAFETY: a valid object; returns a new list or NULL.
        unsafe {
            let list =
                Object::from_owned_ptr_or_err(self.0.py(), ffi::PySequence_List(self.0.as_ptr()))?;
            Ok(List::from_object_unchecked(list))
        }
    }

    /// Iterates over the items.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Sequence;
    ///
    /// #[pyfunction]
    /// fn total(seq: Sequence<'_>) -> PyResult<f64> {
    ///     let mut sum = 0.0;
    ///     for item in seq.iter()? {
    ///         sum += item?.extract::<f64>()?;
    ///     }
    ///     Ok(sum)
    /// }
    /// ```
    pub fn iter(&self) -> PyResult<Iter<'py>> {
        self.0.try_iter()
    }
}

super::object_wrapper!(
    /// Any mapping: a `dict`, or an instance of `collections.abc.Mapping`
    /// (`types.MappingProxyType` and registered classes included).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Mapping;
    ///
    /// #[pyfunction]
    /// fn lookup<'py>(m: Mapping<'py>, key: &str) -> PyResult<Object<'py>> {
    ///     m.get_item(key)
    /// }
    /// ```
    Mapping,
    mapping_check,
    "Mapping"
);

impl<'py> Mapping<'py> {
    /// `len(mapping)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Mapping;
    ///
    /// #[pyfunction]
    /// fn size(m: Mapping<'_>) -> PyResult<usize> {
    ///     m.len()
    /// }
    /// ```
    pub fn len(&self) -> PyResult<usize> {
        // SAFETY: a valid object; -1 with an exception set on error.
        size(self.0.py(), unsafe { ffi::PyMapping_Size(self.0.as_ptr()) })
    }

    /// Whether `len(mapping) == 0`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Mapping;
    ///
    /// #[pyfunction]
    /// fn blank(m: Mapping<'_>) -> PyResult<bool> {
    ///     m.is_empty()
    /// }
    /// ```
    pub fn is_empty(&self) -> PyResult<bool> {
        self.len().map(|n| n == 0)
    }

    /// `mapping[key]` (`KeyError` when missing).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Mapping;
    ///
    /// #[pyfunction]
    /// fn port(config: Mapping<'_>) -> PyResult<u16> {
    ///     config.get_item("port")?.extract()
    /// }
    /// ```
    pub fn get_item(&self, key: impl IntoPyObject<'py>) -> PyResult<Object<'py>> {
        self.0.get_item(key)
    }

    /// `key in mapping`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Mapping;
    ///
    /// #[pyfunction]
    /// fn has_port(config: Mapping<'_>) -> PyResult<bool> {
    ///     config.contains("port")
    /// }
    /// ```
    pub fn contains(&self, key: impl IntoPyObject<'py>) -> PyResult<bool> {
        let key = key.into_pyobject(self.0.py())?;
        // SAFETY: valid objects; PySequence_Contains is `key in obj`, which for a
        // mapping asks its `__contains__`. -1 with an exception set on error.
        match unsafe { ffi::PySequence_Contains(self.0.as_ptr(), key.as_ptr()) } {
            rc if rc < 0 => Err(PyErr::fetch(self.0.py())),
            rc => Ok(rc == 1),
        }
    }

    /// A new `list` of the keys.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Mapping;
    ///
    /// #[pyfunction]
    /// fn names<'py>(m: Mapping<'py>) -> PyResult<List<'py>> {
    ///     m.keys()
    /// }
    /// ```
    pub fn keys(&self) -> PyResult<List<'py>> {
        self.list_of(ffi::PyMapping_Keys)
    }

    /// A new `list` of the values.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Mapping;
    ///
    /// #[pyfunction]
    /// fn contents<'py>(m: Mapping<'py>) -> PyResult<List<'py>> {
    ///     m.values()
    /// }
    /// ```
    pub fn values(&self) -> PyResult<List<'py>> {
        self.list_of(ffi::PyMapping_Values)
    }

    /// A new `list` of the `(key, value)` pairs.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Mapping;
    ///
    /// #[pyfunction]
    /// fn pairs<'py>(m: Mapping<'py>) -> PyResult<List<'py>> {
    ///     m.items()
    /// }
    /// ```
    pub fn items(&self) -> PyResult<List<'py>> {
        self.list_of(ffi::PyMapping_Items)
    }

    fn list_of(
        &self,
        f: unsafe extern "C" fn(*mut ffi::PyObject) -> *mut ffi::PyObject,
    ) -> PyResult<List<'py>> {
        // SAFETY: a valid object; the PyMapping_ functions return a new list or NULL.
        unsafe {
            let list = Object::from_owned_ptr_or_err(self.0.py(), f(self.0.as_ptr()))?;
            Ok(List::from_object_unchecked(list))
        }
    }
}
