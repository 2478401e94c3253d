//! [`PyRef`] and [`PyRefMut`]: borrows of a `#[pyclass]` instance's Rust value that keep
//! the object alive and hold the borrow flag until dropped.

use super::PyClass;
use super::cell::{ClassCell, Reader};
use crate::conversion::FromPyObject;
use crate::err::PyResult;
use crate::object::{Borrowed, Object};
use core::ops::{Deref, DerefMut};

/// A shared borrow of a `#[pyclass]` value (like `&T`). Arguments typed `&T` use one
/// behind the scenes; take `PyRef<T>` explicitly to keep the object handle too.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyclass]
/// struct Account {
///     balance: i64,
/// }
///
/// #[pyfunction]
/// fn total(a: PyRef<'_, Account>, b: PyRef<'_, Account>) -> i64 {
///     a.balance + b.balance
/// }
/// ```
pub struct PyRef<'py, T: PyClass> {
    obj: Object<'py>,
    cell: *const ClassCell<T>,
    reader: Reader,
}

/// The exclusive borrow of a `#[pyclass]` value (like `&mut T`). Arguments typed
/// `&mut T` use one behind the scenes; `slf: PyRefMut<'_, Self>` gives a method the
/// object handle too.
///
/// Taking it waits while another thread holds a borrow of the same object, and raises
/// `RuntimeError` if this thread already does (a callback re-entering the object). A
/// `frozen` class cannot be borrowed mutably (`TypeError`).
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyclass]
/// struct Account {
///     balance: i64,
/// }
///
/// #[pyfunction]
/// fn transfer(mut from: PyRefMut<'_, Account>, mut to: PyRefMut<'_, Account>, amount: i64) {
///     from.balance -= amount;
///     to.balance += amount;
/// }
/// ```
pub struct PyRefMut<'py, T: PyClass> {
    obj: Object<'py>,
    cell: *const ClassCell<T>,
}

impl<'py, T: PyClass> PyRef<'py, T> {
    pub(crate) fn new(obj: Object<'py>) -> PyResult<Self> {
        let cell = super::instance::cell_checked::<T>(obj.as_borrowed())? as *const ClassCell<T>;
        // SAFETY: the cell lives in `obj`, which we keep alive.
        let cell_ref = unsafe { &*cell };
        let reader = if T::FROZEN {
            cell_ref.borrow_frozen()?;
            Reader::First
        } else {
            cell_ref.borrow()?
        };
        Ok(PyRef { obj, cell, reader })
    }

    /// The object this borrow is of.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Node {
    ///     name: String,
    /// }
    ///
    /// #[pymethods]
    /// impl Node {
    ///     /// Returns `self` (the same Python object) after checking it.
    ///     fn checked(slf: PyRef<'_, Self>) -> PyResult<Object<'_>> {
    ///         assert!(!slf.name.is_empty());
    ///         Ok(slf.as_object().clone())
    ///     }
    /// }
    /// ```
    pub fn as_object(&self) -> &Object<'py> {
        &self.obj
    }
}

impl<'py, T: PyClass> PyRefMut<'py, T> {
    pub(crate) fn new(obj: Object<'py>) -> PyResult<Self> {
        if T::FROZEN {
            return Err(crate::exceptions::PyTypeError::new_err(format!(
                "{} is frozen: its value cannot be borrowed mutably",
                T::NAME
            )));
        }
        let cell = super::instance::cell_checked::<T>(obj.as_borrowed())? as *const ClassCell<T>;
        // SAFETY: the cell lives in `obj`, which we keep alive.
        unsafe { (*cell).borrow_mut()? };
        Ok(PyRefMut { obj, cell })
    }

    /// The object this borrow is of.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Counter {
    ///     value: i64,
    /// }
    ///
    /// #[pymethods]
    /// impl Counter {
    ///     /// Adds one and returns the object itself, for chaining: `c.incr().incr()`.
    ///     fn incr(mut slf: PyRefMut<'_, Self>) -> Object<'_> {
    ///         slf.value += 1;
    ///         slf.as_object().clone()
    ///     }
    /// }
    /// ```
    pub fn as_object(&self) -> &Object<'py> {
        &self.obj
    }
}

impl<T: PyClass> Deref for PyRef<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: a shared borrow is held and the value is live.
        unsafe { (*self.cell).value_unchecked() }
    }
}

impl<T: PyClass> Deref for PyRefMut<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the exclusive borrow is held and the value is live.
        unsafe { (*self.cell).value_unchecked() }
    }
}

impl<T: PyClass> DerefMut for PyRefMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the exclusive borrow is held and the value is live.
        unsafe { (*self.cell).value_unchecked_mut() }
    }
}

impl<T: PyClass> Drop for PyRef<'_, T> {
    fn drop(&mut self) {
        if !T::FROZEN {
            // SAFETY: the cell outlives `self.obj`.
            unsafe { (*self.cell).release(self.reader) }
        }
    }
}

impl<T: PyClass> Drop for PyRefMut<'_, T> {
    fn drop(&mut self) {
        // SAFETY: the cell outlives `self.obj`.
        unsafe { (*self.cell).release_mut() }
    }
}

impl<'a, 'py, T: PyClass> FromPyObject<'a, 'py> for PyRef<'py, T> {
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        PyRef::new(obj.to_owned())
    }
}

impl<'a, 'py, T: PyClass> FromPyObject<'a, 'py> for PyRefMut<'py, T> {
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        PyRefMut::new(obj.to_owned())
    }
}

impl<'py, T: PyClass> crate::conversion::IntoPyObject<'py> for PyRef<'py, T> {
    /// The object itself (the borrow ends).
    fn into_pyobject(self, _py: crate::python::Python<'py>) -> PyResult<Object<'py>> {
        Ok(self.obj.clone())
    }
}

impl<'py, T: PyClass> crate::conversion::IntoPyObject<'py> for PyRefMut<'py, T> {
    /// The object itself (the borrow ends).
    fn into_pyobject(self, _py: crate::python::Python<'py>) -> PyResult<Object<'py>> {
        Ok(self.obj.clone())
    }
}
