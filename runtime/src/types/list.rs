use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::Object;
use crate::python::Python;

super::object_wrapper!(
    /// A Python `list`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn pair(py: Python<'_>) -> PyResult<List<'_>> {
    ///     let list = List::empty(py)?;
    ///     list.append(1)?;
    ///     list.append("two")?;
    ///     Ok(list)
    /// }
    /// ```
    List,
    crate::compat::list_check,
    "list"
);

impl<'py> List<'py> {
    /// A new empty list.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn nothing(py: Python<'_>) -> PyResult<List<'_>> {
    ///     List::empty(py)
    /// }
    /// ```
    pub fn empty(py: Python<'py>) -> PyResult<Self> {
        // SAFETY: returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyList_New(0)).map(List) }
    }

    /// Number of items right now (another thread may change it at any time).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn size(list: List<'_>) -> usize {
    ///     list.len()
    /// }
    /// ```
    pub fn len(&self) -> usize {
        // SAFETY: a list.
        unsafe { ffi::PyList_Size(self.0.as_ptr()) as usize }
    }

    /// Whether the list is empty right now.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn push_default(list: List<'_>) -> PyResult<()> {
    ///     if list.is_empty() {
    ///         list.append("default")?;
    ///     }
    ///     Ok(())
    /// }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `list.append(value)`, converting `value` with [`IntoPyObject`].
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn squares(py: Python<'_>, n: u64) -> PyResult<List<'_>> {
    ///     let list = List::empty(py)?;
    ///     for i in 0..n {
    ///         list.append(i * i)?;
    ///     }
    ///     Ok(list)
    /// }
    /// ```
    pub fn append<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<()> {
        let value = value.into_pyobject(self.0.py())?;
        // SAFETY: a list and a valid object.
        PyErr::check(self.0.py(), unsafe {
            ffi::PyList_Append(self.0.as_ptr(), value.as_ptr())
        })
    }

    /// Whether the list holds an item equal to `value` (`value in list`).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn has_zero(list: List<'_>) -> PyResult<bool> {
    ///     list.contains(0)
    /// }
    /// ```
    pub fn contains<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<bool> {
        let value = value.into_pyobject(self.0.py())?;
        // SAFETY: a list and a valid object; returns 1, 0 or -1 with an error.
        let rc = unsafe { ffi::PySequence_Contains(self.0.as_ptr(), value.as_ptr()) };
        PyErr::check(self.0.py(), rc)?;
        Ok(rc == 1)
    }

    /// The item at `index` (a new reference, safe even if the list changes meanwhile);
    /// `IndexError` when out of range.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn first<'py>(list: List<'py>) -> PyResult<Object<'py>> {
    ///     list.get(0)
    /// }
    /// ```
    pub fn get(&self, index: usize) -> PyResult<Object<'py>> {
        // SAFETY: PyList_GetItemRef (3.13) returns a new reference or NULL with an error.
        unsafe {
            Object::from_owned_ptr_or_err(
                self.0.py(),
                ffi::PyList_GetItemRef(self.0.as_ptr(), index as ffi::Py_ssize_t),
            )
        }
    }

    /// A snapshot of the list as a tuple (one call, whatever the list's length).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// Counts the None items, unaffected by other threads changing the list.
    /// #[pyfunction]
    /// fn count_none(list: List<'_>) -> PyResult<usize> {
    ///     Ok(list.to_tuple()?.iter().filter(|item| item.is_none()).count())
    /// }
    /// ```
    pub fn to_tuple(&self) -> PyResult<super::Tuple<'py>> {
        // SAFETY: a list.
        unsafe {
            Object::from_owned_ptr_or_err(self.0.py(), ffi::PyList_AsTuple(self.0.as_ptr()))
                .map(|t| super::Tuple::from_object_unchecked(t))
        }
    }
}
