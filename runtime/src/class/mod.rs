//! `#[pyclass]` support: borrows of an instance's Rust value ([`PyRef`], [`PyRefMut`]),
//! garbage collection ([`PyVisit`]), the operator of `__richcmp__` ([`CompareOp`]),
//! creating instances ([`Py::new`](crate::Py::new), [`PyClassInit`]) and finding a
//! class's type object ([`type_object`]).
//!
//! The machinery behind the macros (instance data in PEP 697 type data, the static tables
//! each `#[pymethods]` block emits, building the heap type in a module's `Py_mod_exec`,
//! the generic slot functions) is private to abide.
//!
//! ```no_run
//! use abide::prelude::*;
//!
//! #[pyclass]
//! struct Counter {
//!     value: i64,
//! }
//!
//! #[pyfunction]
//! fn bump(mut counter: PyRefMut<'_, Counter>) -> i64 {
//!     counter.value += 1;
//!     counter.value
//! }
//! ```

// What users name is re-exported below. The rest is machinery, reached by generated code
// through `abide::__private::class` and, like it, undocumented.
mod borrow;
#[allow(missing_docs)]
pub(crate) mod build;
#[allow(missing_docs)]
pub(crate) mod cell;
mod deleter;
mod extras;
mod gc;
#[allow(missing_docs)]
pub(crate) mod instance;
#[allow(missing_docs)]
pub(crate) mod items;
#[allow(missing_docs)]
pub(crate) mod native;
#[allow(missing_docs)]
pub(crate) mod slots;

pub use borrow::{PyRef, PyRefMut};
pub use gc::{PyTraverseError, PyVisit, Traverse};
pub use instance::{PyClassInit, type_object};
pub use native::{NativeBase, PyDict, PyList, PySet};

use crate::ffi;
use crate::object::PyAny;
use core::ffi::{CStr, c_void};

/// A Rust type exposed to Python as a class. Implemented by `#[pyclass]`; not meant to be
/// implemented by hand. Its constants describe the class.
///
/// ```
/// use abide::prelude::*;
///
/// /// A named thing.
/// #[pyclass(name = "Thing", subclass)]
/// struct RustThing {
///     name: String,
/// }
///
/// assert_eq!(<RustThing as PyClass>::NAME, "Thing");
/// assert_eq!(<RustThing as PyClass>::DOC, "A named thing.");
/// assert!(<RustThing as PyClass>::SUBCLASS);
/// ```
///
/// # Safety
/// The implementation must describe the type truthfully: `token` unique to the class,
/// `Base` its real base class.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a #[pyclass]",
    label = "this type is not exposed to Python",
    note = "add `#[pyclass]` to the definition of `{Self}`"
)]
pub unsafe trait PyClass: ThreadSafe + Sized + 'static {
    /// The class's Python name.
    const NAME: &'static str;
    /// The module named in `#[pyclass(module = "...")]`, if any (otherwise the module the
    /// class is added to).
    const MODULE: Option<&'static str>;
    /// The class docstring (from `///`).
    const DOC: &'static str;
    /// Whether Python code may subclass it (`#[pyclass(subclass)]`).
    const SUBCLASS: bool;
    /// Whether it is immutable (`#[pyclass(frozen)]`): no borrow flag at all.
    const FROZEN: bool;
    /// Whether it takes part in garbage collection (it holds `Py` fields, or defines
    /// `__traverse__`).
    const GC: bool;
    /// Whether instances have a `__dict__` for arbitrary attributes (`#[pyclass(dict)]`).
    const DICT: bool = false;
    /// Whether instances can be weakly referenced (`#[pyclass(weakref)]`).
    const WEAKREF: bool = false;
    /// The base class: [`PyAny`] for `object`, another `#[pyclass]` (`extends = ...`), or
    /// a built-in type abide can extend ([`NativeBase`]: the exception types,
    /// [`PyDict`], [`PyList`], [`PySet`]).
    type Base: PyClassBase;

    /// The class's identity (`Py_tp_token`): the address of a static unique to it.
    ///
    /// ```
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct A;
    /// #[pyclass]
    /// struct B;
    ///
    /// assert_ne!(A::token(), B::token());
    /// ```
    fn token() -> *const c_void;

    /// Per-class data built once per process (merged tables, names).
    #[doc(hidden)]
    fn class_data() -> &'static build::ClassData;

    /// Get/set descriptors generated for fields marked `#[py(get)]`/`#[py(set)]`.
    #[doc(hidden)]
    fn field_items() -> &'static items::ClassItems;

    /// Visits the `Py` references held in the struct's fields (generated).
    #[doc(hidden)]
    fn traverse_fields(&self, visit: &PyVisit<'_>) -> Result<(), PyTraverseError>;

    /// For an enum whose variants carry data: a new instance of the variant's class
    /// (`Shape.Circle`) holding `self`. Any other class gives `self` back, to be made an
    /// instance of the class itself.
    #[doc(hidden)]
    #[inline(always)]
    fn into_variant_instance(
        self,
        _py: crate::python::Python<'_>,
    ) -> Result<crate::err::PyResult<crate::object::Py<Self>>, Self> {
        Err(self)
    }
}

/// `Send + Sync`, under a name whose error message says why a `#[pyclass]` needs it.
///
/// Every `Send + Sync` type implements it; there is nothing to implement by hand.
///
/// ```compile_fail
/// use abide::prelude::*;
///
/// #[pyclass]
/// struct Cache {
///     // error: `Cache` must be `Send + Sync` to be a #[pyclass]
///     hits: std::cell::Cell<u64>,
/// }
/// ```
///
/// ```no_run
/// use abide::prelude::*;
/// use std::sync::atomic::AtomicU64;
///
/// #[pyclass]
/// struct Cache {
///     hits: AtomicU64,
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` must be `Send + Sync` to be a #[pyclass]",
    label = "this type is not thread-safe",
    note = "abide targets free-threaded Python too, where any thread may use a Python object at any time: use thread-safe field types (`Arc` instead of `Rc`, a `Mutex` or atomics instead of `Cell`/`RefCell`)"
)]
pub trait ThreadSafe: Send + Sync {}
impl<T: Send + Sync> ThreadSafe for T {}

/// What a `#[pyclass]` can extend: `object` ([`PyAny`]), another `#[pyclass]`, or a
/// built-in type abide can extend ([`NativeBase`]).
///
/// # Safety
/// Implemented by abide for `PyAny`, every `PyClass` and the [`NativeBase`] types.
///
/// ```
/// use abide::class::PyClassBase;
/// use abide::prelude::*;
///
/// #[pyclass(subclass)]
/// struct Base;
///
/// #[pyclass(extends = Base)]
/// struct Derived;
///
/// fn base_of<T: PyClass>() -> &'static str
/// where
///     T::Base: PyClass,
/// {
///     <T::Base as PyClass>::NAME
/// }
///
/// fn assert_base<B: PyClassBase>() {}
/// assert_base::<PyAny>();
/// assert_base::<Base>();
/// assert_eq!(base_of::<Derived>(), "Base");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the base of a #[pyclass]",
    label = "not a class abide can extend",
    note = "a #[pyclass] extends another #[pyclass] (with `subclass`), an exception type of `abide::exceptions`, or `abide::types::PyDict` (`PyList`, `PySet`)",
    note = "to subclass a Python class that is not one of these, write the subclass in Python"
)]
pub unsafe trait PyClassBase {
    /// Whether a class may extend it: `subclass` for a `#[pyclass]`, always for the
    /// others.
    #[doc(hidden)]
    const SUBCLASSABLE: bool;
    /// Whether the root of the hierarchy is a built-in type other than `object`
    /// (instances are created by its `tp_new` and freed by its `tp_dealloc`).
    #[doc(hidden)]
    const NATIVE: bool;
    /// The built-in type at the root of the hierarchy, or NULL for `object`.
    #[doc(hidden)]
    fn native_type() -> *mut ffi::PyObject;
    /// The base's token, if it is a `#[pyclass]`.
    #[doc(hidden)]
    fn base_token() -> Option<*const c_void>;
    /// The base's per-class data, if it is a `#[pyclass]`: its tables are where a
    /// subclass's slot functions look for the special methods it does not define itself.
    #[doc(hidden)]
    fn base_data() -> Option<&'static build::ClassData>;
    /// Drops this level's Rust value and those of the levels below, then frees the object.
    ///
    /// # Safety
    /// `obj` is being deallocated.
    #[doc(hidden)]
    unsafe fn dealloc_levels(obj: *mut ffi::PyObject);
    /// Visits this level's references and those of the levels below.
    ///
    /// # Safety
    /// Called from `tp_traverse`.
    #[doc(hidden)]
    unsafe fn traverse_levels(
        obj: *mut ffi::PyObject,
        visit: &PyVisit<'_>,
    ) -> Result<(), PyTraverseError>;
    /// Drops this level's Rust value (and those below) to break reference cycles.
    ///
    /// # Safety
    /// Called from `tp_clear`.
    #[doc(hidden)]
    unsafe fn clear_levels(obj: *mut ffi::PyObject);
    /// Adds the base class to the module first if needed; its type object, or NULL for
    /// `object`.
    #[doc(hidden)]
    fn ensure_type(module: &crate::types::Module<'_>) -> crate::err::PyResult<*mut ffi::PyObject>;
}

// SAFETY: `object` has no Rust levels.
unsafe impl PyClassBase for PyAny {
    const SUBCLASSABLE: bool = true;
    const NATIVE: bool = false;
    fn native_type() -> *mut ffi::PyObject {
        core::ptr::null_mut()
    }
    fn base_token() -> Option<*const c_void> {
        None
    }
    fn base_data() -> Option<&'static build::ClassData> {
        None
    }
    unsafe fn dealloc_levels(obj: *mut ffi::PyObject) {
        // SAFETY: the object is being deallocated; tp_free is its type's deallocator,
        // and a heap type's instances hold a reference to it.
        unsafe {
            let tp = crate::compat::py_type(obj);
            let free = ffi::PyType_GetSlot(tp, ffi::Py_tp_free);
            if !free.is_null() {
                let free: ffi::freefunc = core::mem::transmute(free);
                free(obj.cast());
            }
            ffi::Py_DecRef(tp.cast());
        }
    }
    unsafe fn traverse_levels(
        _obj: *mut ffi::PyObject,
        _visit: &PyVisit<'_>,
    ) -> Result<(), PyTraverseError> {
        Ok(())
    }
    unsafe fn clear_levels(_obj: *mut ffi::PyObject) {}
    fn ensure_type(_module: &crate::types::Module<'_>) -> crate::err::PyResult<*mut ffi::PyObject> {
        Ok(core::ptr::null_mut())
    }
}

// SAFETY: each level's data is found by its own token.
#[diagnostic::do_not_recommend]
unsafe impl<T: PyClass> PyClassBase for T {
    const SUBCLASSABLE: bool = T::SUBCLASS;
    const NATIVE: bool = <T::Base as PyClassBase>::NATIVE;
    fn native_type() -> *mut ffi::PyObject {
        <T::Base as PyClassBase>::native_type()
    }
    fn base_token() -> Option<*const c_void> {
        Some(T::token())
    }
    fn base_data() -> Option<&'static build::ClassData> {
        Some(T::class_data())
    }
    unsafe fn dealloc_levels(obj: *mut ffi::PyObject) {
        // SAFETY: forwarded.
        unsafe { slots::dealloc_level::<T>(obj) }
    }
    unsafe fn traverse_levels(
        obj: *mut ffi::PyObject,
        visit: &PyVisit<'_>,
    ) -> Result<(), PyTraverseError> {
        // SAFETY: forwarded.
        unsafe { slots::traverse_level::<T>(obj, visit) }
    }
    unsafe fn clear_levels(obj: *mut ffi::PyObject) {
        // SAFETY: forwarded.
        unsafe { slots::clear_level::<T>(obj) }
    }
    fn ensure_type(module: &crate::types::Module<'_>) -> crate::err::PyResult<*mut ffi::PyObject> {
        build::ensure_class::<T>(module).map(|t| t.as_object().as_ptr())
    }
}

/// A C string's text, for messages.
pub(crate) fn cstr_text(s: &CStr) -> &str {
    s.to_str().unwrap_or("?")
}

/// The operator of a rich comparison, for `__richcmp__`.
///
/// ```no_run
/// use abide::prelude::*;
/// use abide::class::CompareOp;
///
/// #[pyclass]
/// struct Version(u32);
///
/// #[pymethods]
/// impl Version {
///     fn __richcmp__(&self, other: &Self, op: CompareOp) -> bool {
///         op.matches(self.0.cmp(&other.0))
///     }
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// From CPython's `Py_LT`, ... constants.
    ///
    /// ```
    /// use abide::class::CompareOp;
    /// use abide::ffi;
    ///
    /// assert_eq!(CompareOp::from_raw(ffi::Py_LE), Some(CompareOp::Le));
    /// assert_eq!(CompareOp::from_raw(42), None);
    /// ```
    pub fn from_raw(op: core::ffi::c_int) -> Option<CompareOp> {
        Some(match op {
            ffi::Py_LT => CompareOp::Lt,
            ffi::Py_LE => CompareOp::Le,
            ffi::Py_EQ => CompareOp::Eq,
            ffi::Py_NE => CompareOp::Ne,
            ffi::Py_GT => CompareOp::Gt,
            ffi::Py_GE => CompareOp::Ge,
            _ => return None,
        })
    }

    /// Whether an ordering satisfies this operator.
    ///
    /// ```
    /// use abide::class::CompareOp;
    /// use std::cmp::Ordering;
    ///
    /// assert!(CompareOp::Le.matches(Ordering::Equal));
    /// assert!(CompareOp::Ne.matches(Ordering::Less));
    /// assert!(!CompareOp::Gt.matches(1.cmp(&2)));
    /// ```
    pub fn matches(self, ordering: core::cmp::Ordering) -> bool {
        use core::cmp::Ordering::*;
        match self {
            CompareOp::Lt => ordering == Less,
            CompareOp::Le => ordering != Greater,
            CompareOp::Eq => ordering == Equal,
            CompareOp::Ne => ordering != Equal,
            CompareOp::Gt => ordering == Greater,
            CompareOp::Ge => ordering != Less,
        }
    }
}
