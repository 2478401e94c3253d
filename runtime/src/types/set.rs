use super::Iter;
use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::{Object, PyAnyMethods};
use crate::python::Python;

/// `PySet_Contains` with its error check.
fn contains<'py>(set: &Object<'py>, key: impl IntoPyObject<'py>) -> PyResult<bool> {
    let key = key.into_pyobject(set.py())?;
    // SAFETY: a set or frozenset and a valid key.
    match unsafe { ffi::PySet_Contains(set.as_ptr(), key.as_ptr()) } {
        rc if rc < 0 => Err(PyErr::fetch(set.py())),
        rc => Ok(rc == 1),
    }
}

/// `PySet_Size` (atomic on free-threaded builds).
fn size(set: &Object<'_>) -> usize {
    // SAFETY: a set or frozenset.
    let len = unsafe { ffi::PySet_Size(set.as_ptr()) };
    usize::try_from(len).unwrap_or(0)
}

/// A set of the converted items, built by `new` (`PySet_New` or `PyFrozenSet_New`).
fn collect<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    new: unsafe extern "C" fn(*mut ffi::PyObject) -> *mut ffi::PyObject,
    items: impl IntoIterator<Item = T>,
) -> PyResult<Object<'py>> {
    let list = super::List::empty(py)?;
    for item in items {
        list.append(item)?;
    }
    // SAFETY: an iterable; returns a new reference or NULL.
    unsafe { Object::from_owned_ptr_or_err(py, new(list.as_ptr())) }
}

super::object_wrapper!(
    /// A Python `set` (or a subclass).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Set;
    ///
    /// #[pyfunction]
    /// fn remember(seen: &Set<'_>, word: &str) -> PyResult<bool> {
    ///     let new = !seen.contains(word)?;
    ///     seen.add(word)?;
    ///     Ok(new)
    /// }
    /// ```
    Set,
    crate::types::checks::set_check,
    "set"
);

impl<'py> Set<'py> {
    /// A new `set` of the given items (duplicates collapse).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Set;
    ///
    /// #[pyfunction]
    /// fn digits(py: Python<'_>) -> PyResult<Set<'_>> {
    ///     Set::new(py, 0..10)
    /// }
    /// ```
    pub fn new<T: IntoPyObject<'py>>(
        py: Python<'py>,
        items: impl IntoIterator<Item = T>,
    ) -> PyResult<Self> {
        collect(py, ffi::PySet_New, items).map(Set)
    }

    /// A new empty `set`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Set;
    ///
    /// #[pyfunction]
    /// fn nothing(py: Python<'_>) -> PyResult<Set<'_>> {
    ///     Set::empty(py)
    /// }
    /// ```
    pub fn empty(py: Python<'py>) -> PyResult<Self> {
        // SAFETY: NULL makes an empty set; returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PySet_New(core::ptr::null_mut())).map(Set) }
    }

    /// Adds `key` (`TypeError` if it is not hashable).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Set;
    ///
    /// #[pyfunction]
    /// fn add_two(s: Set<'_>) -> PyResult<()> {
    ///     s.add(1)?;
    ///     s.add(2)
    /// }
    /// ```
    pub fn add(&self, key: impl IntoPyObject<'py>) -> PyResult<()> {
        let key = key.into_pyobject(self.0.py())?;
        // SAFETY: a set and a valid key.
        if unsafe { ffi::PySet_Add(self.0.as_ptr(), key.as_ptr()) } < 0 {
            return Err(PyErr::fetch(self.0.py()));
        }
        Ok(())
    }

    /// Whether `key` is in the set (`TypeError` if it is not hashable).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Set;
    ///
    /// #[pyfunction]
    /// fn has_zero(s: Set<'_>) -> PyResult<bool> {
    ///     s.contains(0)
    /// }
    /// ```
    pub fn contains(&self, key: impl IntoPyObject<'py>) -> PyResult<bool> {
        contains(&self.0, key)
    }

    /// The number of items.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Set;
    ///
    /// #[pyfunction]
    /// fn size(s: Set<'_>) -> usize {
    ///     s.len()
    /// }
    /// ```
    pub fn len(&self) -> usize {
        size(&self.0)
    }

    /// Whether the set is empty.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Set;
    ///
    /// #[pyfunction]
    /// fn blank(s: Set<'_>) -> bool {
    ///     s.is_empty()
    /// }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Iterates over the items (`RuntimeError` if the set changes size meanwhile, as in
    /// Python).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Set;
    ///
    /// #[pyfunction]
    /// fn total(s: Set<'_>) -> PyResult<i64> {
    ///     let mut sum = 0;
    ///     for item in s.iter()? {
    ///         sum += item?.extract::<i64>()?;
    ///     }
    ///     Ok(sum)
    /// }
    /// ```
    pub fn iter(&self) -> PyResult<Iter<'py>> {
        self.0.try_iter()
    }
}

super::object_wrapper!(
    /// A Python `frozenset` (or a subclass).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::FrozenSet;
    ///
    /// #[pyfunction]
    /// fn allowed(names: FrozenSet<'_>, name: &str) -> PyResult<bool> {
    ///     names.contains(name)
    /// }
    /// ```
    FrozenSet,
    crate::types::checks::frozenset_check,
    "frozenset"
);

impl<'py> FrozenSet<'py> {
    /// A new `frozenset` of the given items.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::FrozenSet;
    ///
    /// #[pyfunction]
    /// fn vowels(py: Python<'_>) -> PyResult<FrozenSet<'_>> {
    ///     FrozenSet::new(py, ['a', 'e', 'i', 'o', 'u'])
    /// }
    /// ```
    pub fn new<T: IntoPyObject<'py>>(
        py: Python<'py>,
        items: impl IntoIterator<Item = T>,
    ) -> PyResult<Self> {
        collect(py, ffi::PyFrozenSet_New, items).map(FrozenSet)
    }

    /// Whether `key` is in the set (`TypeError` if it is not hashable).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::FrozenSet;
    ///
    /// #[pyfunction]
    /// fn has_zero(s: FrozenSet<'_>) -> PyResult<bool> {
    ///     s.contains(0)
    /// }
    /// ```
    pub fn contains(&self, key: impl IntoPyObject<'py>) -> PyResult<bool> {
        contains(&self.0, key)
    }

    /// The number of items.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::FrozenSet;
    ///
    /// #[pyfunction]
    /// fn size(s: FrozenSet<'_>) -> usize {
    ///     s.len()
    /// }
    /// ```
    pub fn len(&self) -> usize {
        size(&self.0)
    }

    /// Whether the set is empty.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::FrozenSet;
    ///
    /// #[pyfunction]
    /// fn blank(s: FrozenSet<'_>) -> bool {
    ///     s.is_empty()
    /// }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Iterates over the items.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::FrozenSet;
    ///
    /// #[pyfunction]
    /// fn count(s: FrozenSet<'_>) -> PyResult<usize> {
    ///     let mut n = 0;
    ///     for item in s.iter()? {
    ///         item?;
    ///         n += 1;
    ///     }
    ///     Ok(n)
    /// }
    /// ```
    pub fn iter(&self) -> PyResult<Iter<'py>> {
        self.0.try_iter()
    }
}
