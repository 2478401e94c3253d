//! Garbage-collector support: [`PyVisit`] for `__traverse__`.

use crate::ffi;
use crate::object::Py;
use core::ffi::{c_int, c_void};

/// Handed to `__traverse__`: call [`PyVisit::call`] for every Python reference the
/// object holds, so the collector can find reference cycles.
///
/// Fields whose type implements [`Traverse`] (`Py<T>`, `Option<Py<T>>`, `Vec<Py<T>>`,
/// ...) are visited automatically; write `__traverse__` only for references kept
/// elsewhere (say, behind a `Mutex`).
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

    /// Runs another type's `tp_traverse` (a built-in base's) with this collector's
    /// callback.
    ///
    /// # Safety
    /// `obj` is an instance of the type `traverse` belongs to, under the collector.
    pub(crate) unsafe fn call_traverse(
        &self,
        traverse: ffi::traverseproc,
        obj: *mut ffi::PyObject,
    ) -> Result<(), PyTraverseError> {
        // SAFETY: per the caller.
        let rc = unsafe { traverse(obj, self.visit, self.arg) };
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

/// A type whose values may hold Python references that the garbage collector must see.
/// `#[pyclass]` visits every field whose type implements it (through aliases too, and in
/// tuple structs), and a class is garbage-collected exactly when one of its fields can
/// hold a reference (`HOLDS_REFERENCES`) or it defines `__traverse__`.
///
/// abide implements it for `Py<T>`, the standard containers of such values (`Option`,
/// `Box`, `Vec`, `VecDeque`, arrays, the values of `HashMap` and `BTreeMap`) and, as
/// holding nothing, for numbers, `bool`, `char` and `String`. A field of another type is
/// not visited; implement `Traverse` for your own types that hold `Py` values, or write
/// `__traverse__` (for references behind a lock, which the collector must not wait for).
///
/// ```no_run
/// use abide::class::{PyTraverseError, PyVisit, Traverse};
/// use abide::prelude::*;
///
/// struct Edge {
///     to: Py<PyAny>,
///     weight: f64,
/// }
///
/// impl Traverse for Edge {
///     const HOLDS_REFERENCES: bool = true;
///
///     fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
///         visit.call(&self.to)
///     }
/// }
///
/// #[pyclass]
/// struct Graph {
///     edges: Vec<Edge>, // visited: `Vec<Edge>` is `Traverse` because `Edge` is
/// }
/// ```
pub trait Traverse {
    /// Whether a value of this type can hold a Python reference.
    const HOLDS_REFERENCES: bool;

    /// Reports every Python reference the value holds with [`PyVisit::call`].
    fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError>;
}

impl<T> Traverse for Py<T> {
    const HOLDS_REFERENCES: bool = true;

    fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(self)
    }
}

impl<T: Traverse> Traverse for Option<T> {
    const HOLDS_REFERENCES: bool = T::HOLDS_REFERENCES;

    fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        match self {
            Some(v) => v.traverse(visit),
            None => Ok(()),
        }
    }
}

impl<T: Traverse + ?Sized> Traverse for Box<T> {
    const HOLDS_REFERENCES: bool = T::HOLDS_REFERENCES;

    fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        (**self).traverse(visit)
    }
}

/// Containers: every element.
macro_rules! traverse_elements {
    ($($ty:ty => $t:ident),* $(,)?) => {$(
        impl<$t: Traverse> Traverse for $ty {
            const HOLDS_REFERENCES: bool = $t::HOLDS_REFERENCES;

            fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
                self.iter().try_for_each(|v| v.traverse(visit))
            }
        }
    )*};
}

traverse_elements!(
    [T] => T,
    Vec<T> => T,
    std::collections::VecDeque<T> => T,
);

impl<T: Traverse, const N: usize> Traverse for [T; N] {
    const HOLDS_REFERENCES: bool = N > 0 && T::HOLDS_REFERENCES;

    fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        self.iter().try_for_each(|v| v.traverse(visit))
    }
}

impl<K, V: Traverse, S> Traverse for std::collections::HashMap<K, V, S> {
    const HOLDS_REFERENCES: bool = V::HOLDS_REFERENCES;

    fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        self.values().try_for_each(|v| v.traverse(visit))
    }
}

impl<K, V: Traverse> Traverse for std::collections::BTreeMap<K, V> {
    const HOLDS_REFERENCES: bool = V::HOLDS_REFERENCES;

    fn traverse(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
        self.values().try_for_each(|v| v.traverse(visit))
    }
}

/// Types that hold no Python reference.
macro_rules! traverse_nothing {
    ($($ty:ty),* $(,)?) => {$(
        impl Traverse for $ty {
            const HOLDS_REFERENCES: bool = false;

            #[inline(always)]
            fn traverse(&self, _visit: &PyVisit<'_>) -> Result<(), PyTraverseError> {
                Ok(())
            }
        }
    )*};
}

traverse_nothing!(
    bool,
    char,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    String,
    str,
    (),
);
