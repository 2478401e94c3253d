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
/// Dropping it releases the reference. This is what PyO3 calls `Bound<'py, PyAny>`.
#[repr(transparent)]
pub struct Object<'py> {
    ptr: NonNull<ffi::PyObject>,
    _py: PhantomData<Python<'py>>,
}

/// A borrowed reference to a Python object: no reference count is held, so it is only
/// valid while its owner (`'a`) is. Arguments of `#[pyfunction]`s arrive as these.
#[derive(Copy, Clone)]
#[repr(transparent)]
pub struct Borrowed<'a, 'py> {
    ptr: NonNull<ffi::PyObject>,
    _marker: PhantomData<(&'a (), Python<'py>)>,
}

/// The type marker for "any Python object", as in `Py<PyAny>`.
pub struct PyAny(());

/// An owned reference to a Python object that is not tied to an attached thread: it can be
/// stored in structs, statics of the user's own making, or sent to other threads.
///
/// `T` says what the object is known to be: [`PyAny`] for anything, or a `#[pyclass]`
/// type. Use [`Py::bind`] to work with it once attached.
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
    #[inline(always)]
    pub unsafe fn from_owned_ptr(_py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        debug_assert!(!ptr.is_null());
        // SAFETY: the caller guarantees non-null.
        Object {
            ptr: unsafe { NonNull::new_unchecked(ptr) },
            _py: PhantomData,
        }
    }

    /// Takes ownership of a new reference returned by a C API call, or fetches the raised
    /// exception when the call returned NULL.
    ///
    /// # Safety
    /// `ptr` must be NULL with an exception set, or a new reference owned by the caller.
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
    #[inline(always)]
    pub unsafe fn from_borrowed_ptr(py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        // SAFETY: the caller guarantees a valid object; we now own one more reference.
        unsafe {
            ffi::Py_IncRef(ptr);
            Object::from_owned_ptr(py, ptr)
        }
    }

    /// The raw pointer, still owned by `self`.
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// Gives up ownership and returns the raw (new) reference.
    #[inline(always)]
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        let ptr = self.ptr.as_ptr();
        core::mem::forget(self);
        ptr
    }

    /// The token this handle is bound to.
    #[inline(always)]
    pub fn py(&self) -> Python<'py> {
        // SAFETY: an Object only exists while attached.
        unsafe { Python::assume_attached() }
    }

    /// Borrows this object without touching its reference count.
    #[inline(always)]
    pub fn as_borrowed<'a>(&'a self) -> Borrowed<'a, 'py> {
        Borrowed {
            ptr: self.ptr,
            _marker: PhantomData,
        }
    }

    /// Detaches the reference from the thread so it can be stored (`Py<PyAny>`).
    #[inline(always)]
    pub fn unbind(self) -> Py<PyAny> {
        Py {
            ptr: NonNull::new(self.into_ptr()).expect("non-null"),
            _type: PhantomData,
        }
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
    #[inline(always)]
    pub unsafe fn from_ptr(_py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        debug_assert!(!ptr.is_null());
        // SAFETY: the caller guarantees non-null.
        Borrowed {
            ptr: unsafe { NonNull::new_unchecked(ptr) },
            _marker: PhantomData,
        }
    }

    /// Borrows a raw pointer that may be NULL (a missing optional argument).
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for `'a`.
    #[inline(always)]
    pub unsafe fn from_ptr_opt(_py: Python<'py>, ptr: *mut ffi::PyObject) -> Option<Self> {
        NonNull::new(ptr).map(|ptr| Borrowed {
            ptr,
            _marker: PhantomData,
        })
    }

    /// The raw pointer (borrowed).
    #[inline(always)]
    pub fn as_ptr(self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// The token this borrow is bound to.
    #[inline(always)]
    pub fn py(self) -> Python<'py> {
        // SAFETY: a Borrowed only exists while attached.
        unsafe { Python::assume_attached() }
    }

    /// Takes a new strong reference.
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
    #[inline(always)]
    pub unsafe fn from_owned_ptr(ptr: *mut ffi::PyObject) -> Self {
        // SAFETY: the caller guarantees non-null.
        Py {
            ptr: unsafe { NonNull::new_unchecked(ptr) },
            _type: PhantomData,
        }
    }

    /// The raw pointer, still owned by `self`.
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// Gives up ownership and returns the raw reference.
    #[inline(always)]
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        let ptr = self.ptr.as_ptr();
        core::mem::forget(self);
        ptr
    }

    /// A new attached handle to the same object.
    #[inline]
    pub fn bind<'py>(&self, py: Python<'py>) -> Object<'py> {
        // SAFETY: self keeps the object alive.
        unsafe { Object::from_borrowed_ptr(py, self.as_ptr()) }
    }

    /// Turns this into an attached handle without touching the reference count.
    #[inline]
    pub fn into_bound(self, py: Python<'_>) -> Object<'_> {
        // SAFETY: ownership of the reference moves to the Object.
        unsafe { Object::from_owned_ptr(py, self.into_ptr()) }
    }

    /// A borrowed attached handle.
    #[inline]
    pub fn bind_borrowed<'a, 'py>(&'a self, py: Python<'py>) -> Borrowed<'a, 'py> {
        // SAFETY: self keeps the object alive for 'a.
        unsafe { Borrowed::from_ptr(py, self.as_ptr()) }
    }

    /// Another reference to the same object.
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
    #[inline]
    pub fn into_any(self) -> Py<PyAny> {
        // SAFETY: same reference, weaker type.
        unsafe { Py::from_owned_ptr(self.into_ptr()) }
    }
}

impl<T> Drop for Py<T> {
    fn drop(&mut self) {
        // A `Py` may be dropped on a thread that is not attached (it is Send): attach
        // for the decref in that case. `PyThreadState_GetDict` is the Limited API's way
        // to ask "is this thread attached?": it returns NULL, raising nothing, when not.
        // SAFETY: we own one reference.
        unsafe {
            if !ffi::PyThreadState_GetDict().is_null() {
                ffi::Py_DecRef(self.ptr.as_ptr());
            } else {
                let state = ffi::PyGILState_Ensure();
                ffi::Py_DecRef(self.ptr.as_ptr());
                ffi::PyGILState_Release(state);
            }
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
    fn as_ptr(&self) -> *mut ffi::PyObject;

    /// The token this handle is bound to.
    fn py(&self) -> Python<'py>;

    /// `getattr(self, name)`.
    fn getattr(&self, name: &str) -> PyResult<Object<'py>> {
        let py = self.py();
        let name = crate::types::str_from_rust(py, name)?;
        // SAFETY: both pointers are valid objects.
        unsafe {
            Object::from_owned_ptr_or_err(py, ffi::PyObject_GetAttr(self.as_ptr(), name.as_ptr()))
        }
    }

    /// `hasattr(self, name)`.
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
    fn setattr<V: IntoPyObject<'py>>(&self, name: &str, value: V) -> PyResult<()> {
        let py = self.py();
        let name = crate::types::str_from_rust(py, name)?;
        let value = value.into_pyobject(py)?;
        // SAFETY: all pointers are valid objects.
        let rc = unsafe { ffi::PyObject_SetAttr(self.as_ptr(), name.as_ptr(), value.as_ptr()) };
        PyErr::check(py, rc)
    }

    /// `self()`.
    fn call0(&self) -> PyResult<Object<'py>> {
        // SAFETY: a valid callable and an empty argument vector.
        unsafe { Object::from_owned_ptr_or_err(self.py(), ffi::PyObject_CallNoArgs(self.as_ptr())) }
    }

    /// `self(*args)` for a tuple of Rust values, e.g. `f.call1((1, "two"))`.
    fn call1<A: IntoCallArgs<'py>>(&self, args: A) -> PyResult<Object<'py>> {
        // SAFETY: a valid callable, no kwargs.
        unsafe { args.call(self.py(), self.as_ptr(), core::ptr::null_mut()) }
    }

    /// `self(*args, **kwargs)`.
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
    fn call_method0(&self, name: &str) -> PyResult<Object<'py>> {
        self.getattr(name)?.call0()
    }

    /// `self.name(*args)`.
    fn call_method1<A: IntoCallArgs<'py>>(&self, name: &str, args: A) -> PyResult<Object<'py>> {
        self.getattr(name)?.call1(args)
    }

    /// Converts to a Rust value, e.g. `obj.extract::<i64>()`.
    fn extract<'a, T: FromPyObject<'a, 'py>>(&'a self) -> PyResult<T> {
        // SAFETY: `self` keeps the object alive for 'a.
        T::extract(unsafe { Borrowed::from_ptr(self.py(), self.as_ptr()) })
    }

    /// `repr(self)` as a Rust string.
    fn repr(&self) -> PyResult<String> {
        let py = self.py();
        // SAFETY: a valid object.
        let r = unsafe { Object::from_owned_ptr_or_err(py, ffi::PyObject_Repr(self.as_ptr()))? };
        r.extract::<String>()
    }

    /// `str(self)` as a Rust string.
    fn str(&self) -> PyResult<String> {
        let py = self.py();
        // SAFETY: a valid object.
        let r = unsafe { Object::from_owned_ptr_or_err(py, ffi::PyObject_Str(self.as_ptr()))? };
        r.extract::<String>()
    }

    /// `self is None`.
    fn is_none(&self) -> bool {
        // SAFETY: Py_None returns a borrowed immortal pointer.
        self.as_ptr() == unsafe { ffi::Py_None() }
    }

    /// `self is other`.
    fn is<'b>(&self, other: impl Into<Borrowed<'b, 'py>>) -> bool
    where
        'py: 'b,
    {
        self.as_ptr() == other.into().as_ptr()
    }

    /// `bool(self)`.
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
    fn is_empty(&self) -> PyResult<bool> {
        self.len().map(|n| n == 0)
    }

    /// `self[key]`.
    fn get_item<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<Object<'py>> {
        let py = self.py();
        let key = key.into_pyobject(py)?;
        // SAFETY: valid objects.
        unsafe {
            Object::from_owned_ptr_or_err(py, ffi::PyObject_GetItem(self.as_ptr(), key.as_ptr()))
        }
    }

    /// `self[key] = value`.
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
    fn get_type(&self) -> TypeObject<'py> {
        // SAFETY: Py_TYPE returns a borrowed pointer that `self` keeps alive.
        unsafe {
            let ty = crate::compat::py_type(self.as_ptr()).cast::<ffi::PyObject>();
            TypeObject::from_object_unchecked(Object::from_borrowed_ptr(self.py(), ty))
        }
    }

    /// `iter(self)`: an iterator of [`Object`]s.
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
