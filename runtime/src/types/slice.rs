use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::object::Object;
use crate::python::Python;

super::object_wrapper!(
    /// A Python `slice`, as `__getitem__` receives for `x[1:5]`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Slice;
    ///
    /// /// How many items `s` selects from a sequence of `len` items.
    /// #[pyfunction]
    /// fn selected(s: Slice<'_>, len: isize) -> PyResult<usize> {
    ///     Ok(s.indices(len)?.slicelength)
    /// }
    /// ```
    Slice,
    crate::types::checks::slice_check,
    "slice"
);

/// What [`Slice::indices`] computes for a sequence of a given length: the bounds
/// clamped and resolved as Python's `slice.indices` does, and the number of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SliceIndices {
    /// The first index.
    pub start: isize,
    /// The index to stop before.
    pub stop: isize,
    /// The step (never 0).
    pub step: isize,
    /// How many items the slice selects.
    pub slicelength: usize,
}

impl<'py> Slice<'py> {
    /// `slice(start, stop, step)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Slice;
    ///
    /// #[pyfunction]
    /// fn evens(py: Python<'_>, n: isize) -> PyResult<Slice<'_>> {
    ///     Slice::new(py, 0, n, 2)
    /// }
    /// ```
    pub fn new(py: Python<'py>, start: isize, stop: isize, step: isize) -> PyResult<Self> {
        let start = start.into_pyobject(py)?;
        let stop = stop.into_pyobject(py)?;
        let step = step.into_pyobject(py)?;
        // SAFETY: valid objects; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PySlice_New(start.as_ptr(), stop.as_ptr(), step.as_ptr()),
            )
            .map(Slice)
        }
    }

    /// `slice(None)`: the whole sequence.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Slice;
    ///
    /// #[pyfunction]
    /// fn everything(py: Python<'_>) -> PyResult<Slice<'_>> {
    ///     Slice::full(py)
    /// }
    /// ```
    pub fn full(py: Python<'py>) -> PyResult<Self> {
        let none = py.None();
        // SAFETY: valid objects; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PySlice_New(none.as_ptr(), none.as_ptr(), none.as_ptr()),
            )
            .map(Slice)
        }
    }

    /// The indices this slice selects from a sequence of `length` items, as Python's
    /// `slice.indices(length)` plus the count; `ValueError` for a zero step, and the
    /// bounds' own errors (`TypeError` for a bound without `__index__`).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Slice;
    ///
    /// #[pyfunction]
    /// fn pick(items: Vec<i64>, s: Slice<'_>) -> PyResult<Vec<i64>> {
    ///     let ix = s.indices(items.len() as isize)?;
    ///     Ok((0..ix.slicelength)
    ///         .map(|k| items[(ix.start + k as isize * ix.step) as usize])
    ///         .collect())
    /// }
    /// ```
    pub fn indices(&self, length: isize) -> PyResult<SliceIndices> {
        let (mut start, mut stop, mut step) = (0, 0, 0);
        // SAFETY: a slice and writable outputs.
        unsafe {
            if ffi::PySlice_Unpack(self.0.as_ptr(), &mut start, &mut stop, &mut step) < 0 {
                return Err(PyErr::fetch(self.0.py()));
            }
            let slicelength =
                ffi::PySlice_AdjustIndices(length.max(0), &mut start, &mut stop, step);
            Ok(SliceIndices {
                start,
                stop,
                step,
                slicelength: usize::try_from(slicelength).unwrap_or(0),
            })
        }
    }
}
