use crate::err::PyResult;
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;

super::object_wrapper!(
    /// A Python `tuple`. `*args` parameters arrive as one.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (*args))]
    /// fn count(args: Tuple<'_>) -> usize {
    ///     args.len()
    /// }
    /// ```
    Tuple,
    crate::compat::tuple_check,
    "tuple"
);

impl<'py> Tuple<'py> {
    /// The empty tuple.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn no_values(py: Python<'_>) -> PyResult<Tuple<'_>> {
    ///     Tuple::empty(py)
    /// }
    /// ```
    pub fn empty(py: Python<'py>) -> PyResult<Self> {
        // SAFETY: returns a new reference or NULL.
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyTuple_New(0)).map(Tuple) }
    }

    /// A tuple of the given objects (new references are taken).
    ///
    /// # Safety
    /// Every pointer in `items` must be a valid object.
    pub(crate) unsafe fn from_slice(
        py: Python<'py>,
        items: &[*mut ffi::PyObject],
    ) -> PyResult<Self> {
        // SAFETY: valid objects per the caller; PyTuple_SetItem steals the new references.
        unsafe {
            let t = Object::from_owned_ptr_or_err(
                py,
                ffi::PyTuple_New(items.len() as ffi::Py_ssize_t),
            )?;
            for (i, &item) in items.iter().enumerate() {
                ffi::Py_IncRef(item);
                ffi::PyTuple_SetItem(t.as_ptr(), i as ffi::Py_ssize_t, item);
            }
            Ok(Tuple(t))
        }
    }

    /// A tuple of already-converted objects.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// The arguments in reverse order.
    /// #[pyfunction(signature = (*args))]
    /// fn reversed<'py>(py: Python<'py>, args: Tuple<'py>) -> PyResult<Tuple<'py>> {
    ///     let items: Vec<Object<'py>> = args.iter().map(Borrowed::to_owned).collect();
    ///     Tuple::new(py, items.into_iter().rev())
    /// }
    /// ```
    pub fn new(py: Python<'py>, items: impl IntoIterator<Item = Object<'py>>) -> PyResult<Self> {
        let items: Vec<Object<'py>> = items.into_iter().collect();
        let ptrs: Vec<*mut ffi::PyObject> = items.iter().map(Object::as_ptr).collect();
        // SAFETY: `items` keeps every pointer alive during the call.
        unsafe { Self::from_slice(py, &ptrs) }
    }

    /// Number of items.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (*args))]
    /// fn count(args: Tuple<'_>) -> usize {
    ///     args.len()
    /// }
    /// ```
    pub fn len(&self) -> usize {
        // SAFETY: a tuple.
        unsafe { ffi::PyTuple_Size(self.0.as_ptr()) as usize }
    }

    /// Whether the tuple is empty.
    ///
    /// ```no_run
    /// use abide::exceptions::PyTypeError;
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (*args))]
    /// fn at_least_one(args: Tuple<'_>) -> PyResult<usize> {
    ///     if args.is_empty() {
    ///         return Err(PyTypeError::new_err("at least one argument is needed"));
    ///     }
    ///     Ok(args.len())
    /// }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item at `index`, borrowed from the tuple (tuples are immutable, so the borrow
    /// stays valid as long as the tuple does); `None` when out of range.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (*args))]
    /// fn first_int(args: Tuple<'_>) -> PyResult<Option<i64>> {
    ///     args.get(0).map(|item| item.extract()).transpose()
    /// }
    /// ```
    pub fn get(&self, index: usize) -> Option<Borrowed<'_, 'py>> {
        if index >= self.len() {
            return None;
        }
        // SAFETY: in range; the item is kept alive by the tuple.
        unsafe {
            let item = ffi::PyTuple_GetItem(self.0.as_ptr(), index as ffi::Py_ssize_t);
            Borrowed::from_ptr_opt(self.0.py(), item)
        }
    }

    /// Iterates over the items, borrowed.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction(signature = (*args))]
    /// fn total(args: Tuple<'_>) -> PyResult<f64> {
    ///     args.iter().map(|item| item.extract::<f64>()).sum()
    /// }
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Borrowed<'_, 'py>> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }
}
