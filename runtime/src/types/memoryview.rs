use crate::err::PyResult;
use crate::ffi;
use crate::object::{Object, PyAnyMethods};

super::object_wrapper!(
    /// A Python `memoryview`: a view of another object's buffer.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::MemoryView;
    ///
    /// /// A read-only view of anything that exports a buffer.
    /// #[pyfunction]
    /// fn view<'py>(obj: Object<'py>) -> PyResult<MemoryView<'py>> {
    ///     MemoryView::from(&obj)
    /// }
    /// ```
    MemoryView,
    crate::types::checks::memoryview_check,
    "memoryview"
);

impl<'py> MemoryView<'py> {
    /// `memoryview(obj)`: `TypeError` if `obj` does not export a buffer.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::MemoryView;
    ///
    /// #[pyfunction]
    /// fn nbytes(obj: Object<'_>) -> PyResult<usize> {
    ///     MemoryView::from(&obj)?.as_object().getattr("nbytes")?.extract()
    /// }
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from(obj: &impl PyAnyMethods<'py>) -> PyResult<Self> {
        // SAFETY: a valid object; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(obj.py(), ffi::PyMemoryView_FromObject(obj.as_ptr()))
                .map(MemoryView)
        }
    }
}
