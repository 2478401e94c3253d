//! Handles for specific Python types: [`Module`], [`TypeObject`], [`Tuple`], [`List`],
//! [`Dict`], and the [`Iter`] iterator; [`Bytes`], [`ByteArray`], [`Str`], [`Int`],
//! [`Float`], [`Bool`], [`Set`], [`FrozenSet`], [`Slice`], [`MemoryView`], and the
//! abstract [`Sequence`] and [`Mapping`].
//!
//! Each handle is an [`Object`] known to be of that type (or a subclass):
//! it has the [`PyAnyMethods`](crate::PyAnyMethods) of every object plus its own, and
//! converts from an argument with a type check (no copy).
//!
//! ```no_run
//! use abide::prelude::*;
//!
//! /// The keys of a dict, as a list.
//! #[pyfunction]
//! fn keys<'py>(py: Python<'py>, d: Dict<'py>) -> PyResult<List<'py>> {
//!     let list = List::empty(py)?;
//!     for (key, _value) in d.items()? {
//!         list.append(key)?;
//!     }
//!     Ok(list)
//! }
//! ```

pub(crate) mod datetime;
mod dict;
mod iter;
// Typed handles of issue 15: bytes, strings, numbers, sets, slices, views, ABCs.
mod abc;
mod bytes;
pub(crate) mod checks;
mod list;
mod memoryview;
mod module;
mod number;
mod set;
mod slice;
mod string;
mod tuple;
mod typeobject;

pub use crate::class::{PyDict, PyList, PySet};
pub use datetime::{Date, DateTime, Delta, Time, TzInfo};
pub use dict::Dict;
pub use iter::Iter;
pub use list::List;
pub use module::Module;
pub use tuple::Tuple;
pub use typeobject::TypeObject;
// Typed handles of issue 15.
pub use abc::{Mapping, Sequence};
pub use bytes::{ByteArray, Bytes};
pub use memoryview::MemoryView;
pub use number::{Bool, Float, Int};
pub use set::{FrozenSet, Set};
pub use slice::{Slice, SliceIndices};
pub use string::Str;

use crate::err::PyResult;
use crate::ffi;
use crate::object::Object;
use crate::python::Python;

/// A new Python `str` from a Rust string.
#[inline]
pub(crate) fn str_from_rust<'py>(py: Python<'py>, s: &str) -> PyResult<Object<'py>> {
    // SAFETY: a valid UTF-8 buffer of the given length.
    unsafe {
        Object::from_owned_ptr_or_err(
            py,
            ffi::PyUnicode_FromStringAndSize(s.as_ptr().cast(), s.len() as ffi::Py_ssize_t),
        )
    }
}

/// Declares a typed wrapper around `Object` with a type check for extraction.
macro_rules! object_wrapper {
    ($(#[$doc:meta])* $name:ident, $check:path, $pyname:literal) => {
        $(#[$doc])*
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $name<'py>(crate::object::Object<'py>);

        impl<'py> $name<'py> {
            /// Wraps an object without checking its type. To check, extract instead:
            #[doc = concat!("`obj.extract::<", stringify!($name), ">()`.")]
            ///
            /// # Safety
            #[doc = concat!("`obj` must be a `", $pyname, "` (or a subclass).")]
            ///
            /// ```no_run
            #[doc = concat!("use abide::types::", stringify!($name), ";")]
            /// use abide::prelude::*;
            ///
            #[doc = concat!("fn checked<'py>(obj: Object<'py>) -> PyResult<", stringify!($name), "<'py>> {")]
            #[doc = concat!("    // The same as `obj.extract::<", stringify!($name), ">()`.")]
            #[doc = concat!("    let _: ", stringify!($name), "<'_> = obj.extract()?;")]
            #[doc = concat!("    // SAFETY: just checked to be a ", $pyname, ".")]
            #[doc = concat!("    Ok(unsafe { ", stringify!($name), "::from_object_unchecked(obj) })")]
            /// }
            /// ```
            #[inline(always)]
            pub unsafe fn from_object_unchecked(obj: crate::object::Object<'py>) -> Self {
                $name(obj)
            }

            /// The object, as an untyped handle.
            ///
            /// ```no_run
            #[doc = concat!("use abide::types::", stringify!($name), ";")]
            /// use abide::prelude::*;
            ///
            #[doc = concat!("fn keep(value: &", stringify!($name), "<'_>) -> Py<PyAny> {")]
            ///     value.as_object().clone().unbind()
            /// }
            /// ```
            #[inline(always)]
            pub fn as_object(&self) -> &crate::object::Object<'py> {
                &self.0
            }

            /// The object, as an untyped handle: PyO3's name for
            /// [`as_object`](Self::as_object).
            #[inline(always)]
            pub fn as_any(&self) -> &crate::object::Object<'py> {
                &self.0
            }

            /// The untyped handle, consuming `self`: PyO3's name for
            /// [`into_object`](Self::into_object).
            #[inline(always)]
            pub fn into_any(self) -> crate::object::Object<'py> {
                self.0
            }

            /// The untyped handle, consuming `self`.
            ///
            /// ```no_run
            #[doc = concat!("use abide::types::", stringify!($name), ";")]
            /// use abide::prelude::*;
            ///
            #[doc = concat!("fn untyped(value: ", stringify!($name), "<'_>) -> Object<'_> {")]
            ///     value.into_object()
            /// }
            /// ```
            #[inline(always)]
            pub fn into_object(self) -> crate::object::Object<'py> {
                self.0
            }
        }

        impl<'py> crate::object::PyAnyMethods<'py> for $name<'py> {
            #[inline(always)]
            fn as_ptr(&self) -> *mut crate::ffi::PyObject {
                self.0.as_ptr()
            }
            #[inline(always)]
            fn py(&self) -> crate::python::Python<'py> {
                self.0.py()
            }
        }

        impl<'a, 'py> crate::conversion::FromPyObject<'a, 'py> for $name<'py> {
            fn extract(obj: crate::object::Borrowed<'a, 'py>) -> crate::err::PyResult<Self> {
                // SAFETY: a valid object. A check returns 1 (an instance), 0 (not one) or
                // -1 with an exception set (a check that runs Python code).
                match unsafe { $check(obj.as_ptr()) } {
                    0 => Err(crate::types::checks::not_instance(obj, $pyname)),
                    rc if rc > 0 => Ok($name(obj.to_owned())),
                    _ => Err(crate::err::PyErr::fetch(obj.py())),
                }
            }
        }

        impl<'a, 'py, 'h> crate::conversion::FromPyObject<'a, 'py> for crate::object::Py<$name<'h>> {
            fn extract(obj: crate::object::Borrowed<'a, 'py>) -> crate::err::PyResult<Self> {
                let handle = <$name<'py> as crate::conversion::FromPyObject<'a, 'py>>::extract(obj)?;
                // SAFETY: a new reference to an object of the checked type.
                Ok(unsafe { crate::object::Py::from_owned_ptr(handle.0.into_ptr()) })
            }
        }

        impl<'py> $name<'py> {
            /// Detaches the handle from the thread so it can be stored, keeping its type:
            #[doc = concat!("a `Py<", stringify!($name), "<'static>>` (the lifetime only names the type).")]
            ///
            /// ```no_run
            #[doc = concat!("use abide::types::", stringify!($name), ";")]
            /// use abide::prelude::*;
            ///
            #[doc = concat!("fn store(value: ", stringify!($name), "<'_>) -> Py<", stringify!($name), "<'static>> {")]
            ///     value.unbind()
            /// }
            /// ```
            #[inline]
            pub fn unbind(self) -> crate::object::Py<$name<'static>> {
                // SAFETY: a new reference to an object of this type.
                unsafe { crate::object::Py::from_owned_ptr(self.0.into_ptr()) }
            }
        }

        impl<'h> crate::object::Py<$name<'h>> {
            #[doc = concat!("The stored `", $pyname, "`, as a typed handle again.")]
            ///
            /// ```no_run
            #[doc = concat!("use abide::types::", stringify!($name), ";")]
            /// use abide::prelude::*;
            ///
            #[doc = concat!("fn attach<'py>(py: Python<'py>, stored: &Py<", stringify!($name), "<'static>>) -> ", stringify!($name), "<'py> {")]
            ///     stored.bind_handle(py)
            /// }
            /// ```
            #[inline]
            pub fn bind_handle<'py>(&self, py: crate::python::Python<'py>) -> $name<'py> {
                $name(self.bind(py))
            }
        }

        impl<'py> crate::conversion::IntoPyObject<'py> for $name<'py> {
            #[inline]
            fn into_pyobject(self, _py: crate::python::Python<'py>) -> crate::err::PyResult<crate::object::Object<'py>> {
                Ok(self.0)
            }
        }

        impl<'py> crate::conversion::IntoPyObject<'py> for &$name<'py> {
            #[inline]
            fn into_pyobject(self, _py: crate::python::Python<'py>) -> crate::err::PyResult<crate::object::Object<'py>> {
                Ok(self.0.clone())
            }
        }

        impl core::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}
pub(crate) use object_wrapper;
