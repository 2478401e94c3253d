use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::Object;

super::object_wrapper!(
    /// A Python iterator (PyO3's `PyIterator`), iterated from Rust: each step yields
    /// `PyResult<Object>`. As a parameter it accepts iterators only (objects with
    /// `__next__`); [`Iter::from_object`] or [`try_iter`](crate::PyAnyMethods::try_iter)
    /// gets one from any iterable.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn count_items(obj: Object<'_>) -> PyResult<usize> {
    ///     let mut n = 0;
    ///     for item in obj.try_iter()? {
    ///         item?;
    ///         n += 1;
    ///     }
    ///     Ok(n)
    /// }
    /// ```
    Iter,
    crate::types::checks::iter_check,
    "Iterator"
);

impl<'py> Iter<'py> {
    pub(crate) fn new(it: Object<'py>) -> Self {
        Iter(it)
    }

    /// `iter(obj)`: `TypeError` if `obj` is not iterable.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Iter;
    ///
    /// #[pyfunction]
    /// fn first<'py>(obj: Object<'py>) -> PyResult<Option<Object<'py>>> {
    ///     Iter::from_object(&obj)?.next().transpose()
    /// }
    /// ```
    pub fn from_object(obj: &impl crate::object::PyAnyMethods<'py>) -> PyResult<Self> {
        // SAFETY: a valid object; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(obj.py(), ffi::PyObject_GetIter(obj.as_ptr())).map(Iter)
        }
    }
}

impl<'py> Iterator for Iter<'py> {
    type Item = PyResult<Object<'py>>;

    fn next(&mut self) -> Option<Self::Item> {
        let py = self.0.py();
        // SAFETY: an iterator object; PyIter_Next returns a new reference, or NULL at the
        // end (no error) or on error.
        let item = unsafe { ffi::PyIter_Next(self.0.as_ptr()) };
        if item.is_null() {
            PyErr::take(py).map(Err)
        } else {
            // SAFETY: a new reference.
            Some(Ok(unsafe { Object::from_owned_ptr(py, item) }))
        }
    }
}
