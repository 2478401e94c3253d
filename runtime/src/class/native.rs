//! Built-in types a `#[pyclass]` can extend (`extends = PyException`, `extends = PyDict`):
//! the type data of PEP 697 goes after the built-in's own fields, so the built-in must
//! have a fixed size (`tp_itemsize == 0`). Instances are created by the built-in's
//! `tp_new` and freed by its `tp_dealloc`; its `tp_traverse` and `tp_clear` run after
//! those of the Rust levels, as a Python subclass's do.
//!
//! `tuple`, `int`, `bytes`, `str` and `type` keep their items in the object itself, so
//! the Limited API cannot add data to them (`PyType_FromMetaclass` refuses a negative
//! `basicsize` there); `bool` cannot be subclassed at all. `#[pyclass]` says so at
//! compile time.

use super::{PyTraverseError, PyVisit};
use crate::ffi;
use core::ffi::c_void;

/// A built-in type that a `#[pyclass]` can extend: the exception types of
/// [`abide::exceptions`](crate::exceptions), [`PyDict`], [`PyList`] and [`PySet`].
///
/// ```
/// use abide::exceptions::PyValueError;
/// use abide::prelude::*;
/// use abide::types::PyDict;
///
/// #[pyclass(extends = PyValueError)]
/// struct BadInput {
///     field: String,
/// }
///
/// #[pyclass(extends = PyDict)]
/// struct Registry {
///     name: String,
/// }
///
/// fn assert_native<T: abide::class::NativeBase>() {}
/// assert_native::<PyValueError>();
/// assert_native::<PyDict>();
/// ```
///
/// # Safety
/// `type_object_ptr` returns a static, fixed-size type that accepts subclasses.
pub unsafe trait NativeBase {
    /// The built-in type object (a static of the interpreter).
    #[doc(hidden)]
    fn type_object_ptr() -> *mut ffi::PyObject;
}

/// `dict`, as a base class: `#[pyclass(extends = PyDict)]`. (The handle of a dict is
/// [`Dict`](crate::types::Dict).)
pub struct PyDict(());
/// `list`, as a base class: `#[pyclass(extends = PyList)]`. (The handle of a list is
/// [`List`](crate::types::List).)
pub struct PyList(());
/// `set`, as a base class: `#[pyclass(extends = PySet)]`.
pub struct PySet(());

/// Implements [`NativeBase`] and [`PyClassBase`] for a built-in type (concrete impls: a
/// blanket one would overlap with the one for every `PyClass`).
macro_rules! native_base {
    ($name:ty => $type_object:expr) => {
        // SAFETY: a static built-in type of fixed size that accepts subclasses.
        unsafe impl $crate::class::NativeBase for $name {
            #[inline]
            fn type_object_ptr() -> *mut $crate::ffi::PyObject {
                #[allow(unused_unsafe)]
                // SAFETY: a static of the interpreter, initialised before any extension
                // loads.
                unsafe {
                    $type_object
                }
            }
        }

        // SAFETY: the levels of a built-in base (see `class::native`).
        unsafe impl $crate::class::PyClassBase for $name {
            const SUBCLASSABLE: bool = true;
            const NATIVE: bool = true;
            fn native_type() -> *mut $crate::ffi::PyObject {
                <$name as $crate::class::NativeBase>::type_object_ptr()
            }
            fn base_token() -> ::core::option::Option<*const ::core::ffi::c_void> {
                None
            }
            fn base_data() -> ::core::option::Option<&'static $crate::class::build::ClassData> {
                None
            }
            unsafe fn dealloc_levels(obj: *mut $crate::ffi::PyObject) {
                // SAFETY: forwarded.
                unsafe { $crate::class::native::dealloc::<$name>(obj) }
            }
            unsafe fn traverse_levels(
                obj: *mut $crate::ffi::PyObject,
                visit: &$crate::class::PyVisit<'_>,
            ) -> ::core::result::Result<(), $crate::class::PyTraverseError> {
                // SAFETY: forwarded.
                unsafe { $crate::class::native::traverse::<$name>(obj, visit) }
            }
            unsafe fn clear_levels(obj: *mut $crate::ffi::PyObject) {
                // SAFETY: forwarded.
                unsafe { $crate::class::native::clear::<$name>(obj) }
            }
            fn ensure_type(
                _module: &$crate::types::Module<'_>,
            ) -> $crate::err::PyResult<*mut $crate::ffi::PyObject> {
                Ok(<$name as $crate::class::NativeBase>::type_object_ptr())
            }
        }
    };
}
pub(crate) use native_base;

native_base!(PyDict => (&raw mut ffi::PyDict_Type).cast());
native_base!(PyList => (&raw mut ffi::PyList_Type).cast());
native_base!(PySet => (&raw mut ffi::PySet_Type).cast());

/// A slot function of the built-in base (a static type, whose slots never change).
fn native_slot<B: NativeBase>(slot: core::ffi::c_int) -> *mut c_void {
    // SAFETY: a static type object; PyType_GetSlot reads any type since 3.10.
    unsafe { ffi::PyType_GetSlot(B::type_object_ptr().cast(), slot) }
}

// The levels of a built-in base: the built-in's own slot functions handle its part of the
// object. The heap type's reference is released here, as `subtype_dealloc` does for a
// Python subclass of a built-in.

/// Frees the object with the built-in's deallocator.
///
/// # Safety
/// `obj` is being deallocated and its Rust levels are gone.
pub(crate) unsafe fn dealloc<B: NativeBase>(obj: *mut ffi::PyObject) {
    // SAFETY: per the caller; the built-in's deallocator frees the object (and does not
    // release the heap type, a static type's deallocator knows nothing of it).
    unsafe {
        let tp = crate::compat::py_type(obj);
        let dealloc: ffi::destructor = core::mem::transmute(native_slot::<B>(ffi::Py_tp_dealloc));
        dealloc(obj);
        ffi::Py_DecRef(tp.cast());
    }
}

/// Visits the built-in's references.
///
/// # Safety
/// `obj` is an instance of a subclass of `B`, under the collector.
pub(crate) unsafe fn traverse<B: NativeBase>(
    obj: *mut ffi::PyObject,
    visit: &PyVisit<'_>,
) -> Result<(), PyTraverseError> {
    let traverse = native_slot::<B>(ffi::Py_tp_traverse);
    if traverse.is_null() {
        return Ok(());
    }
    // SAFETY: the built-in's traverse on an instance of it, under the collector.
    unsafe {
        let traverse: ffi::traverseproc = core::mem::transmute(traverse);
        visit.call_traverse(traverse, obj)
    }
}

/// Clears the built-in's references (`tp_clear`).
///
/// # Safety
/// `obj` is an instance of a subclass of `B`, attached.
pub(crate) unsafe fn clear<B: NativeBase>(obj: *mut ffi::PyObject) {
    let clear = native_slot::<B>(ffi::Py_tp_clear);
    if !clear.is_null() {
        // SAFETY: the built-in's clear on an instance of it.
        unsafe {
            let clear: ffi::inquiry = core::mem::transmute(clear);
            clear(obj);
        }
    }
}
