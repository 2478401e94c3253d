//! Object handles: [`Object`] (owned, attached), [`Borrowed`] (borrowed, attached) and
//! [`Py`] (owned, storable anywhere), plus the methods every object has
//! ([`PyAnyMethods`]).
//!
//! Under abi3t `PyObject` is opaque: every reference count change is a call to
//! `Py_IncRef`/`Py_DecRef`, so these handles only touch counts when ownership really
//! changes hands.

use crate::conversion::{FromPyObject, IntoCallArgs, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::python::Python;
use crate::types::TypeObject;
use core::fmt;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// An owned (strong) reference to a Python object, usable while the thread is attached.
///
/// Dropping it releases the reference; `clone` takes another. The lifetime `'py` ties it
/// to the [`Python`] token, so it cannot outlive the attachment or move to another
/// thread: store a [`Py`] instead ([`unbind`](Object::unbind)). This is what PyO3 calls
/// `Bound<'py, PyAny>`. Its methods come from [`PyAnyMethods`].
///
/// ```no_run
/// use abide::prelude::*;
///
/// /// Returns `obj.name`, or `default` when there is no such attribute.
/// #[pyfunction]
/// fn attr_or<'py>(obj: Object<'py>, name: &str, default: Object<'py>) -> PyResult<Object<'py>> {
///     if obj.hasattr(name)? { obj.getattr(name) } else { Ok(default) }
/// }
/// ```
#[repr(transparent)]
pub struct Object<'py> {
    ptr: NonNull<ffi::PyObject>,
    _py: PhantomData<Python<'py>>,
}

/// A borrowed reference to a Python object: no reference count is held, so it is only
/// valid while its owner (`'a`) is. Arguments of `#[pyfunction]`s arrive as these, and
/// [`FromPyObject::extract`] receives one. It is `Copy`; [`to_owned`](Borrowed::to_owned)
/// takes a reference of its own.
///
/// ```no_run
/// use abide::prelude::*;
///
/// /// Counts the arguments that are None, without touching any reference count.
/// #[pyfunction(signature = (*args))]
/// fn count_none(args: Tuple<'_>) -> usize {
///     args.iter().filter(|item| item.is_none()).count()
/// }
/// ```
#[derive(Copy, Clone)]
#[repr(transparent)]
pub struct Borrowed<'a, 'py> {
    ptr: NonNull<ffi::PyObject>,
    _marker: PhantomData<(&'a (), Python<'py>)>,
}

/// The type marker for "any Python object", as in `Py<PyAny>`, and the base of a
/// `#[pyclass]` that extends no other class.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyclass]
/// struct Holder {
///     /// Any Python object.
///     value: Py<PyAny>,
/// }
/// ```
pub struct PyAny(());

/// An owned reference to a Python object that is not tied to an attached thread: it can be
/// stored in structs (a `#[pyclass]`'s fields included) or sent to other threads.
///
/// `T` says what the object is known to be: [`PyAny`] for anything, or a `#[pyclass]`
/// type. Use [`Py::bind`] to work with it once attached, and for a class
/// [`Py::borrow`]/[`Py::borrow_mut`] to reach its Rust value. Dropping it releases the
/// reference, attaching the thread briefly if it is not attached. Do not keep one in a
/// `static`: an object belongs to one interpreter, and statics are shared by all.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyclass]
/// struct Callback {
///     func: Py<PyAny>,
/// }
///
/// #[pymethods]
/// impl Callback {
///     #[new]
///     fn new(func: Py<PyAny>) -> Self {
///         Callback { func }
///     }
///
///     /// Calls the stored function with `x`.
///     fn fire<'py>(&self, py: Python<'py>, x: i64) -> PyResult<Object<'py>> {
///         self.func.bind(py).call1((x,))
///     }
/// }
/// ```
#[repr(transparent)]
pub struct Py<T = PyAny> {
    ptr: NonNull<ffi::PyObject>,
    _type: PhantomData<T>,
}

// SAFETY: a `Py` only hands out access to the object through an attached `Python` token,
// and its reference count is only changed while attached (see `Drop`).
unsafe impl<T> Send for Py<T> {}
// SAFETY: as above; shared access to the pointer value itself is harmless.
unsafe impl<T> Sync for Py<T> {}

impl<'py> Object<'py> {
    /// Takes ownership of a new reference.
    ///
    /// # Safety
    /// `ptr` must be a non-null new (strong) reference owned by the caller.
    ///
    /// ```no_run
    /// use abide::{ffi, Object, Python};
    ///
    /// fn empty_list(py: Python<'_>) -> Object<'_> {
    ///     // SAFETY: PyList_New returns a new reference (assumed non-NULL here).
    ///     unsafe { Object::from_owned_ptr(py, ffi::PyList_New(0)) }
    /// }
    /// ```
    #[inline(always)]
    pub unsafe fn from_owned_ptr(_py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        debug_assert!(!ptr.is_null());
        Object {
            // SAFETY: the caller guarantees non-null.
            ptr: unsafe { NonNull::new_unchecked(ptr) },
            _py: PhantomData,
        }
    }

    /// Takes ownership of a new reference returned by a C API call, or fetches the raised
    /// exception when the call returned NULL.
    ///
    /// # Safety
    /// `ptr` must be NULL with an exception set, or a new reference owned by the caller.
    ///
    /// ```no_run
    /// use abide::{ffi, Object, PyResult, Python};
    ///
    /// fn float<'py>(py: Python<'py>, text: &Object<'py>) -> PyResult<Object<'py>> {
    ///     // SAFETY: a valid object; PyFloat_FromString returns a new reference or NULL.
    ///     unsafe { Object::from_owned_ptr_or_err(py, ffi::PyFloat_FromString(text.as_ptr())) }
    /// }
    /// ```
    #[inline(always)]
    pub unsafe fn from_owned_ptr_or_err(
        py: Python<'py>,
        ptr: *mut ffi::PyObject,
    ) -> PyResult<Self> {
        match NonNull::new(ptr) {
            Some(ptr) => Ok(Object {
                ptr,
                _py: PhantomData,
            }),
            None => Err(PyErr::fetch(py)),
        }
    }

    /// Takes a new reference to a borrowed pointer.
    ///
    /// # Safety
    /// `ptr` must be a valid, non-null object pointer.
    ///
    /// ```no_run
    /// use abide::{ffi, Object, Python};
    ///
    /// fn true_object(py: Python<'_>) -> Object<'_> {
    ///     // SAFETY: Py_True returns a valid (borrowed) pointer.
    ///     unsafe { Object::from_borrowed_ptr(py, ffi::Py_True()) }
    /// }
    /// ```
    #[inline(always)]
    pub unsafe fn from_borrowed_ptr(py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        // SAFETY: the caller guarantees a valid object; we now own one more reference.
        unsafe {
            ffi::Py_IncRef(ptr);
            Object::from_owned_ptr(py, ptr)
        }
    }

    /// The raw pointer, still owned by `self`.
    ///
    /// ```no_run
    /// use abide::{ffi, Object};
    ///
    /// fn refers_to_none(obj: &Object<'_>) -> bool {
    ///     // SAFETY: Py_None only returns a pointer.
    ///     obj.as_ptr() == unsafe { ffi::Py_None() }
    /// }
    /// ```
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// Gives up ownership and returns the raw (new) reference, for a C function that
    /// steals it or returns it to CPython.
    ///
    /// ```no_run
    /// use abide::{ffi, Object};
    ///
    /// fn into_c(obj: Object<'_>) -> *mut ffi::PyObject {
    ///     obj.into_ptr() // the caller now owns the reference
    /// }
    /// ```
    #[inline(always)]
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        let ptr = self.ptr.as_ptr();
        core::mem::forget(self);
        ptr
    }

    /// The token this handle is bound to.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn pair<'py>(obj: &Object<'py>) -> PyResult<Object<'py>> {
    ///     let py = obj.py();
    ///     (obj, py.None()).into_pyobject(py)
    /// }
    /// ```
    #[inline(always)]
    pub fn py(&self) -> Python<'py> {
        // SAFETY: an Object only exists while attached.
        unsafe { Python::assume_attached() }
    }

    /// Borrows this object without touching its reference count.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn as_int(obj: &Object<'_>) -> PyResult<i64> {
    ///     <i64 as FromPyObject>::extract(obj.as_borrowed())
    /// }
    /// ```
    #[inline(always)]
    pub fn as_borrowed<'a>(&'a self) -> Borrowed<'a, 'py> {
        Borrowed {
            ptr: self.ptr,
            _marker: PhantomData,
        }
    }

    /// Detaches the reference from the thread so it can be stored (`Py<PyAny>`).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn keep(obj: Object<'_>) -> Vec<Py<PyAny>> {
    ///     vec![obj.unbind()]
    /// }
    /// ```
    #[inline(always)]
    pub fn unbind(self) -> Py<PyAny> {
        Py {
            ptr: NonNull::new(self.into_ptr()).expect("non-null"),
            _type: PhantomData,
        }
    }

    /// The handle itself: `Object` is already untyped. PyO3 code calls `as_any()` on its
    /// `Bound<T>` handles; it keeps compiling here.
    #[inline(always)]
    pub fn as_any(&self) -> &Object<'py> {
        self
    }

    /// The handle itself, consuming it (PyO3's `into_any`).
    #[inline(always)]
    pub fn into_any(self) -> Object<'py> {
        self
    }
}

impl Clone for Object<'_> {
    #[inline]
    fn clone(&self) -> Self {
        // SAFETY: self keeps the object alive; the clone owns a new reference.
        unsafe { ffi::Py_IncRef(self.as_ptr()) };
        Object {
            ptr: self.ptr,
            _py: PhantomData,
        }
    }
}

impl Drop for Object<'_> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: we own one reference, and the thread is attached ('py).
        unsafe { ffi::Py_DecRef(self.ptr.as_ptr()) }
    }
}

impl<'a, 'py> Borrowed<'a, 'py> {
    /// Borrows a raw pointer.
    ///
    /// # Safety
    /// `ptr` must be non-null and stay valid for `'a`.
    ///
    /// ```no_run
    /// use abide::{ffi, Borrowed, PyAnyMethods, Python};
    ///
    /// fn is_none(py: Python<'_>, ptr: *mut ffi::PyObject) -> bool {
    ///     // SAFETY: the caller passes a valid object.
    ///     unsafe { Borrowed::from_ptr(py, ptr) }.is_none()
    /// }
    /// ```
    #[inline(always)]
    pub unsafe fn from_ptr(_py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        debug_assert!(!ptr.is_null());
        Borrowed {
            // SAFETY: the caller guarantees non-null.
            ptr: unsafe { NonNull::new_unchecked(ptr) },
            _marker: PhantomData,
        }
    }

    /// Borrows a raw pointer that may be NULL (a missing optional argument).
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for `'a`.
    ///
    /// ```no_run
    /// use abide::{ffi, Borrowed, Python};
    ///
    /// fn given(py: Python<'_>, ptr: *mut ffi::PyObject) -> bool {
    ///     // SAFETY: NULL or a valid object.
    ///     unsafe { Borrowed::from_ptr_opt(py, ptr) }.is_some()
    /// }
    /// ```
    #[inline(always)]
    pub unsafe fn from_ptr_opt(_py: Python<'py>, ptr: *mut ffi::PyObject) -> Option<Self> {
        NonNull::new(ptr).map(|ptr| Borrowed {
            ptr,
            _marker: PhantomData,
        })
    }

    /// The raw pointer (borrowed).
    ///
    /// ```no_run
    /// use abide::{Borrowed, Object};
    ///
    /// fn same(a: Borrowed<'_, '_>, b: &Object<'_>) -> bool {
    ///     a.as_ptr() == b.as_ptr()
    /// }
    /// ```
    #[inline(always)]
    pub fn as_ptr(self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// The token this borrow is bound to.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn describe(obj: Borrowed<'_, '_>) -> PyResult<String> {
    ///     let py = obj.py();
    ///     py.import("builtins")?.call_method1("repr", (obj,))?.extract()
    /// }
    /// ```
    #[inline(always)]
    pub fn py(self) -> Python<'py> {
        // SAFETY: a Borrowed only exists while attached.
        unsafe { Python::assume_attached() }
    }

    /// Takes a new strong reference.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// The first argument, kept beyond the tuple's lifetime.
    /// fn first<'py>(args: &Tuple<'py>) -> Option<Object<'py>> {
    ///     args.get(0).map(Borrowed::to_owned)
    /// }
    /// ```
    #[inline]
    pub fn to_owned(self) -> Object<'py> {
        // SAFETY: the borrow is valid.
        unsafe { Object::from_borrowed_ptr(self.py(), self.as_ptr()) }
    }
}

impl<T> Py<T> {
    /// Takes ownership of a new reference.
    ///
    /// # Safety
    /// `ptr` must be a non-null new reference to an object of type `T`.
    ///
    /// ```no_run
    /// use abide::{ffi, Py, PyAny};
    ///
    /// fn new_dict() -> Py<PyAny> {
    ///     // SAFETY: attached (assumed); PyDict_New returns a new reference.
    ///     unsafe { Py::from_owned_ptr(ffi::PyDict_New()) }
    /// }
    /// ```
    #[inline(always)]
    pub unsafe fn from_owned_ptr(ptr: *mut ffi::PyObject) -> Self {
        Py {
            // SAFETY: the caller guarantees non-null.
            ptr: unsafe { NonNull::new_unchecked(ptr) },
            _type: PhantomData,
        }
    }

    /// The raw pointer, still owned by `self`.
    ///
    /// ```no_run
    /// use abide::{Py, PyAny};
    ///
    /// fn same_object(a: &Py<PyAny>, b: &Py<PyAny>) -> bool {
    ///     a.as_ptr() == b.as_ptr()
    /// }
    /// ```
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// Gives up ownership and returns the raw reference.
    ///
    /// ```no_run
    /// use abide::{ffi, Py, PyAny};
    ///
    /// fn into_c(obj: Py<PyAny>) -> *mut ffi::PyObject {
    ///     obj.into_ptr() // the caller now owns the reference
    /// }
    /// ```
    #[inline(always)]
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        let ptr = self.ptr.as_ptr();
        core::mem::forget(self);
        ptr
    }

    /// A new attached handle to the same object.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn call_stored<'py>(py: Python<'py>, func: &Py<PyAny>) -> PyResult<Object<'py>> {
    ///     func.bind(py).call0()
    /// }
    /// ```
    #[inline]
    pub fn bind<'py>(&self, py: Python<'py>) -> Object<'py> {
        // SAFETY: self keeps the object alive.
        unsafe { Object::from_borrowed_ptr(py, self.as_ptr()) }
    }

    /// Turns this into an attached handle without touching the reference count.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn attach_all(py: Python<'_>, items: Vec<Py<PyAny>>) -> Vec<Object<'_>> {
    ///     items.into_iter().map(|item| item.into_bound(py)).collect()
    /// }
    /// ```
    #[inline]
    pub fn into_bound(self, py: Python<'_>) -> Object<'_> {
        // SAFETY: ownership of the reference moves to the Object.
        unsafe { Object::from_owned_ptr(py, self.into_ptr()) }
    }

    /// A borrowed attached handle (no reference count change).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn is_none_stored(py: Python<'_>, obj: &Py<PyAny>) -> bool {
    ///     obj.bind_borrowed(py).is_none()
    /// }
    /// ```
    #[inline]
    pub fn bind_borrowed<'a, 'py>(&'a self, py: Python<'py>) -> Borrowed<'a, 'py> {
        // SAFETY: self keeps the object alive for 'a.
        unsafe { Borrowed::from_ptr(py, self.as_ptr()) }
    }

    /// Another reference to the same object (`Py` is not `Clone`: cloning needs the
    /// token).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Holder {
    ///     value: Py<PyAny>,
    /// }
    ///
    /// #[pymethods]
    /// impl Holder {
    ///     #[getter]
    ///     fn value(&self, py: Python<'_>) -> Py<PyAny> {
    ///         self.value.clone_ref(py)
    ///     }
    /// }
    /// ```
    #[inline]
    pub fn clone_ref(&self, _py: Python<'_>) -> Py<T> {
        // SAFETY: attached; self keeps the object alive.
        unsafe { ffi::Py_IncRef(self.as_ptr()) };
        Py {
            ptr: self.ptr,
            _type: PhantomData,
        }
    }

    /// Forgets what the object is known to be.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Token;
    ///
    /// fn as_any(py: Python<'_>) -> PyResult<Py<PyAny>> {
    ///     Ok(Py::new(py, Token)?.into_any())
    /// }
    /// ```
    #[inline]
    pub fn into_any(self) -> Py<PyAny> {
        // SAFETY: same reference, weaker type.
        unsafe { Py::from_owned_ptr(self.into_ptr()) }
    }
}

impl<T> Drop for Py<T> {
    fn drop(&mut self) {
        // A `Py` may be dropped on a thread that is not attached (it is Send): attach
        // for the decref in that case (see `attached_here` and `release_unattached`).
        let ptr = self.ptr.as_ptr();
        if crate::python::attached_here() {
            // SAFETY: we own one reference; attached.
            unsafe { ffi::Py_DecRef(ptr) };
        } else {
            // SAFETY: as above, run attached (or not at all: leaked).
            crate::interpreter::release_unattached(|| unsafe { ffi::Py_DecRef(ptr) });
        }
    }
}

/// The methods every Python object has, for [`Object`] and [`Borrowed`] alike.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyfunction]
/// fn shout(text: Object<'_>) -> PyResult<String> {
///     let upper = text.call_method0("upper")?;
///     Ok(format!("{}!", upper.extract::<&str>()?))
/// }
/// ```
pub trait PyAnyMethods<'py>: Sized {
    /// The raw pointer, borrowed.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn same<'py>(a: &impl PyAnyMethods<'py>, b: &impl PyAnyMethods<'py>) -> bool {
    ///     a.as_ptr() == b.as_ptr()
    /// }
    /// ```
    fn as_ptr(&self) -> *mut ffi::PyObject;

    /// The token this handle is bound to.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// fn none_like<'py>(obj: &impl PyAnyMethods<'py>) -> Object<'py> {
    ///     obj.py().None()
    /// }
    /// ```
    fn py(&self) -> Python<'py>;

    /// `getattr(self, name)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn class_name(obj: Object<'_>) -> PyResult<String> {
    ///     obj.getattr("__class__")?.getattr("__name__")?.extract()
    /// }
    /// ```
    fn getattr(&self, name: &str) -> PyResult<Object<'py>> {
        let py = self.py();
        let name = crate::types::str_from_rust(py, name)?;
        // SAFETY: both pointers are valid objects.
        unsafe {
            Object::from_owned_ptr_or_err(py, ffi::PyObject_GetAttr(self.as_ptr(), name.as_ptr()))
        }
    }

    /// `hasattr(self, name)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn is_iterable(obj: Object<'_>) -> PyResult<bool> {
    ///     obj.hasattr("__iter__")
    /// }
    /// ```
    fn hasattr(&self, name: &str) -> PyResult<bool> {
        match self.getattr(name) {
            Ok(_) => Ok(true),
            Err(e) if e.is_instance_of::<crate::exceptions::PyAttributeError>(self.py()) => {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// `setattr(self, name, value)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn tag(obj: Object<'_>, label: &str) -> PyResult<()> {
    ///     obj.setattr("label", label)
    /// }
    /// ```
    fn setattr<V: IntoPyObject<'py>>(&self, name: &str, value: V) -> PyResult<()> {
        let py = self.py();
        let name = crate::types::str_from_rust(py, name)?;
        let value = value.into_pyobject(py)?;
        // SAFETY: all pointers are valid objects.
        let rc = unsafe { ffi::PyObject_SetAttr(self.as_ptr(), name.as_ptr(), value.as_ptr()) };
        PyErr::check(py, rc)
    }

    /// `delattr(self, name)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn untag(obj: Object<'_>) -> PyResult<()> {
    ///     obj.delattr("label")
    /// }
    /// ```
    fn delattr(&self, name: &str) -> PyResult<()> {
        let py = self.py();
        let name = crate::types::str_from_rust(py, name)?;
        // SAFETY: valid objects; a NULL value deletes (`PyObject_DelAttr` is a macro of
        // this call before 3.13).
        let rc =
            unsafe { ffi::PyObject_SetAttr(self.as_ptr(), name.as_ptr(), core::ptr::null_mut()) };
        PyErr::check(py, rc)
    }

    /// `self()`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn call_twice(f: Object<'_>) -> PyResult<()> {
    ///     f.call0()?;
    ///     f.call0()?;
    ///     Ok(())
    /// }
    /// ```
    fn call0(&self) -> PyResult<Object<'py>> {
        // SAFETY: a valid callable and an empty argument vector.
        unsafe { Object::from_owned_ptr_or_err(self.py(), ffi::PyObject_CallNoArgs(self.as_ptr())) }
    }

    /// `self(*args)` for a tuple of Rust values, e.g. `f.call1((1, "two"))`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn apply<'py>(f: Object<'py>, x: i64) -> PyResult<Object<'py>> {
    ///     f.call1((x, "two"))
    /// }
    /// ```
    fn call1<A: IntoCallArgs<'py>>(&self, args: A) -> PyResult<Object<'py>> {
        // SAFETY: a valid callable, no kwargs.
        unsafe { args.call(self.py(), self.as_ptr(), core::ptr::null_mut()) }
    }

    /// `self(*args, **kwargs)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// /// Calls `f(x, scale=10)`.
    /// #[pyfunction]
    /// fn apply_scaled<'py>(py: Python<'py>, f: Object<'py>, x: i64) -> PyResult<Object<'py>> {
    ///     let kwargs = Dict::new(py)?;
    ///     kwargs.set("scale", 10)?;
    ///     f.call((x,), Some(&kwargs))
    /// }
    /// ```
    fn call<A: IntoCallArgs<'py>>(
        &self,
        args: A,
        kwargs: Option<&crate::types::Dict<'py>>,
    ) -> PyResult<Object<'py>> {
        let kwargs = kwargs.map_or(core::ptr::null_mut(), |d| d.as_ptr());
        // SAFETY: a valid callable; kwargs is a dict or NULL.
        unsafe { args.call(self.py(), self.as_ptr(), kwargs) }
    }

    /// `self.name()`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn upper(text: Object<'_>) -> PyResult<String> {
    ///     text.call_method0("upper")?.extract()
    /// }
    /// ```
    fn call_method0(&self, name: &str) -> PyResult<Object<'py>> {
        self.getattr(name)?.call0()
    }

    /// `self.name(*args)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn push(list: Object<'_>, item: i64) -> PyResult<()> {
    ///     list.call_method1("append", (item,))?;
    ///     Ok(())
    /// }
    /// ```
    fn call_method1<A: IntoCallArgs<'py>>(&self, name: &str, args: A) -> PyResult<Object<'py>> {
        self.getattr(name)?.call1(args)
    }

    /// `self.name(*args, **kwargs)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn sorted_desc<'py>(py: Python<'py>, list: List<'py>) -> PyResult<List<'py>> {
    ///     let kwargs = Dict::new(py)?;
    ///     kwargs.set("reverse", true)?;
    ///     list.as_object().call_method("sort", (), Some(&kwargs))?;
    ///     Ok(list)
    /// }
    /// ```
    fn call_method<A: IntoCallArgs<'py>>(
        &self,
        name: &str,
        args: A,
        kwargs: Option<&crate::types::Dict<'py>>,
    ) -> PyResult<Object<'py>> {
        self.getattr(name)?.call(args, kwargs)
    }

    /// Converts to a Rust value, e.g. `obj.extract::<i64>()`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn add_all(items: Vec<Py<PyAny>>, py: Python<'_>) -> PyResult<i64> {
    ///     let mut sum = 0;
    ///     for item in &items {
    ///         sum += item.bind(py).extract::<i64>()?;
    ///     }
    ///     Ok(sum)
    /// }
    /// ```
    fn extract<'a, T: FromPyObject<'a, 'py>>(&'a self) -> PyResult<T> {
        // SAFETY: `self` keeps the object alive for 'a.
        T::extract(unsafe { Borrowed::from_ptr(self.py(), self.as_ptr()) })
    }

    /// `repr(self)` as a Rust string.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn show(obj: Object<'_>) -> PyResult<String> {
    ///     Ok(format!("<{}>", obj.repr()?))
    /// }
    /// ```
    fn repr(&self) -> PyResult<String> {
        let py = self.py();
        // SAFETY: a valid object.
        let r = unsafe { Object::from_owned_ptr_or_err(py, ffi::PyObject_Repr(self.as_ptr()))? };
        r.extract::<String>()
    }

    /// `str(self)` as a Rust string.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn text_len(obj: Object<'_>) -> PyResult<usize> {
    ///     Ok(obj.str()?.chars().count())
    /// }
    /// ```
    fn str(&self) -> PyResult<String> {
        let py = self.py();
        // SAFETY: a valid object.
        let r = unsafe { Object::from_owned_ptr_or_err(py, ffi::PyObject_Str(self.as_ptr()))? };
        r.extract::<String>()
    }

    /// `self is None`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn or_zero(obj: Object<'_>) -> PyResult<i64> {
    ///     if obj.is_none() { Ok(0) } else { obj.extract() }
    /// }
    /// ```
    fn is_none(&self) -> bool {
        // SAFETY: Py_None returns a borrowed immortal pointer.
        self.as_ptr() == unsafe { ffi::Py_None() }
    }

    /// `self is other`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn same(a: Object<'_>, b: Object<'_>) -> bool {
    ///     a.is(&b)
    /// }
    /// ```
    fn is<'b>(&self, other: impl Into<Borrowed<'b, 'py>>) -> bool
    where
        'py: 'b,
    {
        self.as_ptr() == other.into().as_ptr()
    }

    /// `bool(self)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn count_truthy(items: Vec<Py<PyAny>>, py: Python<'_>) -> PyResult<usize> {
    ///     let mut n = 0;
    ///     for item in &items {
    ///         n += usize::from(item.bind(py).is_truthy()?);
    ///     }
    ///     Ok(n)
    /// }
    /// ```
    fn is_truthy(&self) -> PyResult<bool> {
        // SAFETY: a valid object.
        let rc = unsafe { ffi::PyObject_IsTrue(self.as_ptr()) };
        if rc < 0 {
            Err(PyErr::fetch(self.py()))
        } else {
            Ok(rc == 1)
        }
    }

    /// `len(self)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn size(obj: Object<'_>) -> PyResult<usize> {
    ///     obj.len()
    /// }
    /// ```
    fn len(&self) -> PyResult<usize> {
        // SAFETY: a valid object.
        let n = unsafe { ffi::PyObject_Size(self.as_ptr()) };
        if n < 0 {
            Err(PyErr::fetch(self.py()))
        } else {
            Ok(n as usize)
        }
    }

    /// `len(self) == 0`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn first_or_none<'py>(py: Python<'py>, seq: Object<'py>) -> PyResult<Object<'py>> {
    ///     if seq.is_empty()? { Ok(py.None()) } else { seq.get_item(0) }
    /// }
    /// ```
    fn is_empty(&self) -> PyResult<bool> {
        self.len().map(|n| n == 0)
    }

    /// `self[key]`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn lookup<'py>(mapping: Object<'py>, key: &str) -> PyResult<Object<'py>> {
    ///     mapping.get_item(key)
    /// }
    /// ```
    fn get_item<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<Object<'py>> {
        let py = self.py();
        let key = key.into_pyobject(py)?;
        // SAFETY: valid objects.
        unsafe {
            Object::from_owned_ptr_or_err(py, ffi::PyObject_GetItem(self.as_ptr(), key.as_ptr()))
        }
    }

    /// `self[key] = value`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn store(mapping: Object<'_>, key: &str, value: i64) -> PyResult<()> {
    ///     mapping.set_item(key, value)
    /// }
    /// ```
    fn set_item<K: IntoPyObject<'py>, V: IntoPyObject<'py>>(
        &self,
        key: K,
        value: V,
    ) -> PyResult<()> {
        let py = self.py();
        let key = key.into_pyobject(py)?;
        let value = value.into_pyobject(py)?;
        // SAFETY: valid objects.
        let rc = unsafe { ffi::PyObject_SetItem(self.as_ptr(), key.as_ptr(), value.as_ptr()) };
        PyErr::check(py, rc)
    }

    /// `self == other` (Python equality).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn is_answer(obj: Object<'_>) -> PyResult<bool> {
    ///     obj.eq(42)
    /// }
    /// ```
    fn eq<V: IntoPyObject<'py>>(&self, other: V) -> PyResult<bool> {
        let py = self.py();
        let other = other.into_pyobject(py)?;
        // SAFETY: valid objects.
        let rc =
            unsafe { ffi::PyObject_RichCompareBool(self.as_ptr(), other.as_ptr(), ffi::Py_EQ) };
        if rc < 0 {
            Err(PyErr::fetch(py))
        } else {
            Ok(rc == 1)
        }
    }

    /// `hash(self)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn bucket(obj: Object<'_>, buckets: isize) -> PyResult<isize> {
    ///     Ok(obj.hash()?.rem_euclid(buckets))
    /// }
    /// ```
    fn hash(&self) -> PyResult<isize> {
        // SAFETY: a valid object.
        let h = unsafe { ffi::PyObject_Hash(self.as_ptr()) };
        if h == -1 {
            Err(PyErr::fetch(self.py()))
        } else {
            Ok(h)
        }
    }

    /// `isinstance(self, ty)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn is_list(py: Python<'_>, obj: Object<'_>) -> PyResult<bool> {
    ///     let list_type: TypeObject<'_> = py.import("builtins")?.getattr("list")?.extract()?;
    ///     obj.is_instance(&list_type)
    /// }
    /// ```
    fn is_instance(&self, ty: &TypeObject<'py>) -> PyResult<bool> {
        // SAFETY: valid objects.
        let rc = unsafe { ffi::PyObject_IsInstance(self.as_ptr(), ty.as_ptr()) };
        if rc < 0 {
            Err(PyErr::fetch(self.py()))
        } else {
            Ok(rc == 1)
        }
    }

    /// `type(self)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn type_name(obj: Object<'_>) -> PyResult<String> {
    ///     obj.get_type().name()
    /// }
    /// ```
    fn get_type(&self) -> TypeObject<'py> {
        // SAFETY: Py_TYPE returns a borrowed pointer that `self` keeps alive.
        unsafe {
            let ty = crate::compat::py_type(self.as_ptr()).cast::<ffi::PyObject>();
            TypeObject::from_object_unchecked(Object::from_borrowed_ptr(self.py(), ty))
        }
    }

    /// `iter(self)`: an iterator of [`Object`]s.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn total(items: Object<'_>) -> PyResult<i64> {
    ///     let mut sum = 0;
    ///     for item in items.try_iter()? {
    ///         sum += item?.extract::<i64>()?;
    ///     }
    ///     Ok(sum)
    /// }
    /// ```
    fn try_iter(&self) -> PyResult<crate::types::Iter<'py>> {
        // SAFETY: a valid object.
        let it = unsafe {
            Object::from_owned_ptr_or_err(self.py(), ffi::PyObject_GetIter(self.as_ptr()))?
        };
        Ok(crate::types::Iter::new(it))
    }
}

impl<'py> PyAnyMethods<'py> for Object<'py> {
    #[inline(always)]
    fn as_ptr(&self) -> *mut ffi::PyObject {
        Object::as_ptr(self)
    }
    #[inline(always)]
    fn py(&self) -> Python<'py> {
        Object::py(self)
    }
}

impl<'py> PyAnyMethods<'py> for Borrowed<'_, 'py> {
    #[inline(always)]
    fn as_ptr(&self) -> *mut ffi::PyObject {
        Borrowed::as_ptr(*self)
    }
    #[inline(always)]
    fn py(&self) -> Python<'py> {
        Borrowed::py(*self)
    }
}

impl<'a, 'py> From<&'a Object<'py>> for Borrowed<'a, 'py> {
    #[inline]
    fn from(obj: &'a Object<'py>) -> Self {
        obj.as_borrowed()
    }
}

impl fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.repr() {
            Ok(r) => f.write_str(&r),
            Err(_) => f.write_str("<object with failing repr>"),
        }
    }
}

impl fmt::Display for Object<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match PyAnyMethods::str(self) {
            Ok(s) => f.write_str(&s),
            Err(_) => f.write_str("<object with failing str>"),
        }
    }
}

impl<T> fmt::Debug for Py<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Py({:p})", self.ptr)
    }
}
