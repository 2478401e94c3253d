//! Garbage-collector support: [`PyVisit`] for `__traverse__`.

use crate::ffi;
use crate::object::Py;
use core::ffi::{c_int, c_void};

/// Handed to `__traverse__`: call [`PyVisit::call`] for every Python reference the
/// object holds, so the collector can find reference cycles.
///
/// Fields of type `Py<T>`, `Option<Py<T>>` and `Vec<Py<T>>` are visited automatically;
/// write `__traverse__` only for references kept elsewhere (say, in a `HashMap`).
///
/// ```no_run
/// use abide::prelude::*;
/// use abide::class::{PyTraverseError, PyVisit};
/// use std::collections::HashMap;
///
/// #[pyclass]
/// struct Registry {
///     items: std::sync::Mutex<HashMap<String, Py<PyAny>>>,
/// }
///
/// #[pymethods]
/// impl Registry {
///     fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
///         if let Ok(items) = self.items.try_lock() {
///             for obj in items.values() {
///                 visit.call(obj)?;
///             }
///         }
///         Ok(())
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct PyVisit<'a> {
    visit: ffi::visitproc,
    arg: *mut c_void,
    _gc: core::marker::PhantomData<&'a ()>,
}

/// The collector asked to stop visiting (a non-zero return from its callback). Pass it
/// on with `?` from `__traverse__`.
///
/// ```no_run
/// use abide::class::{PyTraverseError, PyVisit};
/// use abide::prelude::*;
///
/// fn visit_all(visit: &PyVisit<'_>, items: &[Py<PyAny>]) -> Result<(), PyTraverseError> {
///     for item in items {
///         visit.call(item)?;
///     }
///     Ok(())
/// }
/// ```
#[derive(Debug)]
pub struct PyTraverseError(pub(crate) c_int);

impl PyVisit<'_> {
    pub(crate) fn new(visit: ffi::visitproc, arg: *mut c_void) -> Self {
        PyVisit {
            visit,
            arg,
            _gc: core::marker::PhantomData,
        }
    }

    /// Reports one reference.
    ///
    /// ```no_run
    /// use abide::class::{PyTraverseError, PyVisit};
    /// use abide::prelude::*;
    /// use std::sync::Mutex;
    ///
    /// #[pyclass]
    /// struct Slot {
    ///     held: Mutex<Option<Py<PyAny>>>,
    /// }
    ///
    /// #[pymethods]
    /// impl Slot {
    ///     fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
    ///         // Never block in the collector: skip what another thread is changing.
    ///         if let Ok(held) = self.held.try_lock() {
    ///             if let Some(obj) = held.as_ref() {
    ///                 visit.call(obj)?;
    ///             }
    ///         }
    ///         Ok(())
    ///     }
    /// }
    /// ```
    pub fn call<T>(&self, obj: &Py<T>) -> Result<(), PyTraverseError> {
        // SAFETY: the collector's callback with its argument and a live object.
        let rc = unsafe { (self.visit)(obj.as_ptr(), self.arg) };
        if rc == 0 {
            Ok(())
        } else {
            Err(PyTraverseError(rc))
        }
    }

    /// Reports a reference given as a raw pointer (NULL is skipped).
    pub(crate) fn call_ptr(&self, obj: *mut ffi::PyObject) -> Result<(), PyTraverseError> {
        if obj.is_null() {
            return Ok(());
        }
        // SAFETY: as above.
        let rc = unsafe { (self.visit)(obj, self.arg) };
        if rc == 0 {
            Ok(())
        } else {
            Err(PyTraverseError(rc))
        }
    }
}

/// Field types whose references `#[pyclass]` visits automatically.
#[doc(hidden)]
pub trait TraverseField {
    fn traverse_field(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError>;
}

impl<T> TraverseField for Py<T> {
    fn traverse_field(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(self)
    }
}

impl<T: TraverseField> TraverseField for Option<T> {
    fn traverse_field(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        match self {
            Some(v) => v.traverse_field(visit),
            None => Ok(()),
        }
    }
}

impl<T: TraverseField> TraverseField for Vec<T> {
    fn traverse_field(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        self.iter().try_for_each(|v| v.traverse_field(visit))
    }
}
