//! Support for the code `#[pyclass]` and `#[pymethods]` generate: borrow guards for
//! receivers, and the conversions special methods need.

pub use crate::class::build::ClassData;
pub use crate::class::cell::{ClassCell, Reader};
pub use crate::class::instance::{cell_of_instance, cell_with_class, create_instance};
pub use crate::class::items::*;
pub use crate::class::slots::{
    ass_subscript as ass_subscript_slot, attribute_error_raised, binary_dispatcher,
    clear as clear_slot, richcompare as richcompare_slot, setattro as setattro_slot,
    traverse as traverse_slot,
};

use crate::class::PyClass;
use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyOverflowError;
use crate::ffi;
use crate::object::Object;
use crate::python::Python;
use core::ffi::c_int;
use core::ops::{Deref, DerefMut};

/// `&self` for the duration of a call: a shared borrow released on drop (also on panic).
pub struct Shared<'a, T: PyClass>(&'a ClassCell<T>, Reader);

impl<'a, T: PyClass> Shared<'a, T> {
    #[inline(always)]
    pub fn new(cell: &'a ClassCell<T>) -> PyResult<Self> {
        let reader = if T::FROZEN {
            cell.borrow_frozen()?;
            Reader::First
        } else {
            cell.borrow()?
        };
        Ok(Shared(cell, reader))
    }
}

impl<T: PyClass> Deref for Shared<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: borrowed in `new`.
        unsafe { self.0.value_unchecked() }
    }
}

impl<T: PyClass> Drop for Shared<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        if !T::FROZEN {
            self.0.release(self.1);
        }
    }
}

/// `&mut self` for the duration of a call.
pub struct Exclusive<'a, T: PyClass>(&'a ClassCell<T>);

impl<'a, T: PyClass> Exclusive<'a, T> {
    #[inline(always)]
    pub fn new(cell: &'a ClassCell<T>) -> PyResult<Self> {
        cell.borrow_mut()?;
        Ok(Exclusive(cell))
    }
}

impl<T: PyClass> Deref for Exclusive<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: borrowed in `new`.
        unsafe { self.0.value_unchecked() }
    }
}

impl<T: PyClass> DerefMut for Exclusive<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: exclusively borrowed in `new`.
        unsafe { self.0.value_unchecked_mut() }
    }
}

impl<T: PyClass> Drop for Exclusive<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        self.0.release_mut();
    }
}

/// Reading a field for a generated getter: a clone converted to Python, or for `Py`
/// fields another reference.
pub trait GetField {
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>>;
}

impl<T: Clone + for<'py> IntoPyObject<'py>> GetField for T {
    #[inline]
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>> {
        self.clone().into_pyobject(py)
    }
}

impl<T> GetField for crate::object::Py<T> {
    #[inline]
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>> {
        Ok(self.bind(py))
    }
}

/// `__hash__`'s result as a `Py_hash_t` (`-1` is reserved for errors, so it becomes `-2`,
/// as in CPython).
pub trait IntoHash {
    fn into_hash(self) -> PyResult<ffi::Py_hash_t>;
}

macro_rules! into_hash {
    ($($t:ty),*) => {$(
        impl IntoHash for $t {
            #[inline]
            fn into_hash(self) -> PyResult<ffi::Py_hash_t> {
                let h = self as ffi::Py_hash_t;
                Ok(if h == -1 { -2 } else { h })
            }
        }
    )*};
}
into_hash!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl<T: IntoHash, E: Into<PyErr>> IntoHash for Result<T, E> {
    #[inline]
    fn into_hash(self) -> PyResult<ffi::Py_hash_t> {
        self.map_err(Into::into)?.into_hash()
    }
}

/// `__len__`'s result as a `Py_ssize_t`.
pub trait IntoLen {
    fn into_len(self) -> PyResult<ffi::Py_ssize_t>;
}

impl IntoLen for usize {
    #[inline]
    fn into_len(self) -> PyResult<ffi::Py_ssize_t> {
        ffi::Py_ssize_t::try_from(self).map_err(|_| PyOverflowError::new_err("length too large"))
    }
}

impl<E: Into<PyErr>> IntoLen for Result<usize, E> {
    #[inline]
    fn into_len(self) -> PyResult<ffi::Py_ssize_t> {
        self.map_err(Into::into)?.into_len()
    }
}

/// A `bool` result (`__bool__`, `__contains__`) as a C int.
pub trait IntoBool {
    fn into_bool(self) -> PyResult<c_int>;
}

impl IntoBool for bool {
    #[inline]
    fn into_bool(self) -> PyResult<c_int> {
        Ok(self as c_int)
    }
}

impl<E: Into<PyErr>> IntoBool for Result<bool, E> {
    #[inline]
    fn into_bool(self) -> PyResult<c_int> {
        self.map_err(Into::into).map(|b| b as c_int)
    }
}

/// `__next__`'s result: `Some(value)` yields, `None` stops the iteration.
pub trait IntoIterNext<'py> {
    /// A new reference, or NULL with no exception set for the end.
    fn into_iter_next(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject>;
}

impl<'py, T: IntoPyObject<'py>> IntoIterNext<'py> for Option<T> {
    #[inline]
    fn into_iter_next(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject> {
        match self {
            Some(v) => v.into_pyobject(py).map(Object::into_ptr),
            None => Ok(core::ptr::null_mut()),
        }
    }
}

impl<'py, T: IntoPyObject<'py>, E: Into<PyErr>> IntoIterNext<'py> for Result<Option<T>, E> {
    #[inline]
    fn into_iter_next(self, py: Python<'py>) -> PyResult<*mut ffi::PyObject> {
        self.map_err(Into::into)?.into_iter_next(py)
    }
}

/// `#[new]`'s result, whatever it is (`T`, `(T, Base)`, or a `PyResult` of those),
/// turned into a `PyResult` by the macro.
#[inline(always)]
pub fn new_ok<I>(value: I) -> PyResult<I> {
    Ok(value)
}

/// An in-place operator's result: `()` means "return self".
pub trait InplaceResult<'py> {
    fn into_inplace(
        self,
        py: Python<'py>,
        this: crate::object::Borrowed<'_, 'py>,
    ) -> PyResult<Object<'py>>;
}

impl<'py> InplaceResult<'py> for () {
    #[inline]
    fn into_inplace(
        self,
        _py: Python<'py>,
        this: crate::object::Borrowed<'_, 'py>,
    ) -> PyResult<Object<'py>> {
        Ok(this.to_owned())
    }
}

impl<'py, E: Into<PyErr>> InplaceResult<'py> for Result<(), E> {
    #[inline]
    fn into_inplace(
        self,
        py: Python<'py>,
        this: crate::object::Borrowed<'_, 'py>,
    ) -> PyResult<Object<'py>> {
        self.map_err(Into::into)?;
        ().into_inplace(py, this)
    }
}

/// The arguments of a `tp_new`/`tp_call` (a tuple and a dict) in vectorcall form, so the
/// one fastcall parser handles them too.
pub struct TupleDictArgs {
    items: Vec<*mut ffi::PyObject>,
    nargs: usize,
    kwnames: Option<Object<'static>>,
    // Keeps the tuple of keyword values' owners alive: the values are borrowed from
    // the dict, which the caller keeps alive for the call.
}

impl TupleDictArgs {
    /// # Safety
    /// `args` must be a tuple and `kwargs` a dict or NULL, both alive for the call.
    pub unsafe fn new(
        py: Python<'_>,
        args: *mut ffi::PyObject,
        kwargs: *mut ffi::PyObject,
    ) -> PyResult<Self> {
        // SAFETY: per the caller; items are borrowed from the tuple and the dict, which
        // outlive this value.
        unsafe {
            let nargs = ffi::PyTuple_Size(args).max(0) as usize;
            let mut items = Vec::with_capacity(nargs);
            for i in 0..nargs {
                items.push(ffi::PyTuple_GetItem(args, i as ffi::Py_ssize_t));
            }
            let mut kwnames = None;
            if !kwargs.is_null() && ffi::PyDict_Size(kwargs) > 0 {
                let names =
                    Object::from_owned_ptr_or_err(py, ffi::PyTuple_New(ffi::PyDict_Size(kwargs)))?;
                let mut pos: ffi::Py_ssize_t = 0;
                let mut key = core::ptr::null_mut();
                let mut value = core::ptr::null_mut();
                let mut i = 0;
                while ffi::PyDict_Next(kwargs, &mut pos, &mut key, &mut value) != 0 {
                    ffi::Py_IncRef(key);
                    ffi::PyTuple_SetItem(names.as_ptr(), i, key);
                    items.push(value);
                    i += 1;
                }
                kwnames = Some(Object::from_owned_ptr(
                    Python::assume_attached(),
                    names.into_ptr(),
                ));
            }
            Ok(TupleDictArgs {
                items,
                nargs,
                kwnames,
            })
        }
    }

    /// The vectorcall view.
    pub fn fastcall(&self) -> crate::impl_::args::FastcallArgs<'_> {
        let kwnames = self
            .kwnames
            .as_ref()
            .map_or(core::ptr::null_mut(), |k| k.as_ptr());
        // SAFETY: `items` holds nargs positionals then one value per name in `kwnames`.
        unsafe {
            crate::impl_::args::FastcallArgs::new(
                self.items.as_ptr(),
                self.nargs as ffi::Py_ssize_t,
                kwnames,
            )
        }
    }
}

/// Removes `PY_VECTORCALL_ARGUMENTS_OFFSET` from a vectorcall's `nargsf`.
#[inline(always)]
pub fn vectorcall_nargs(nargsf: usize) -> ffi::Py_ssize_t {
    (nargsf & !ffi::PY_VECTORCALL_ARGUMENTS_OFFSET) as ffi::Py_ssize_t
}

/// The result of `__setitem__`, `__delitem__`, `__clear__`: `()` or `PyResult<()>`.
pub trait IntoUnit {
    fn into_unit(self) -> PyResult<()>;
}

impl IntoUnit for () {
    #[inline(always)]
    fn into_unit(self) -> PyResult<()> {
        Ok(())
    }
}

impl<E: Into<PyErr>> IntoUnit for Result<(), E> {
    #[inline(always)]
    fn into_unit(self) -> PyResult<()> {
        self.map_err(Into::into)
    }
}
