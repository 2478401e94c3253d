use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::Object;

/// A Python iterator, iterated from Rust: each step yields `PyResult<Object>`.
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
pub struct Iter<'py>(Object<'py>);

impl<'py> Iter<'py> {
    pub(crate) fn new(it: Object<'py>) -> Self {
        Iter(it)
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
