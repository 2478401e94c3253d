//! Support for the code `#[pyclass]` and `#[pymethods]` generate: the class machinery
//! they name (re-exported from [`crate::class`]), borrow guards for receivers and the check
//! that a frozen class takes no `&mut self`, field getters, the constructor's result, and
//! the tuple-and-dict arguments of `tp_new`/`tp_call`. What special methods return is
//! converted in [`super::ret`].
//!
//! The traits with `#[diagnostic::on_unimplemented]` here ([`Mutable`], [`FieldGet`],
//! [`NewValue`]) exist for their compile error, reported at the user's own tokens; see
//! the docs of `impl_`.

pub use crate::class::build::ClassData;
pub use crate::class::cell::{ClassCell, Reader};
pub use crate::class::instance::{cell_of_instance, create_instance};
pub use crate::class::items::*;
pub use crate::class::slots::{
    ass_subscript as ass_subscript_slot, attribute_error_raised, binary_dispatcher,
    clear as clear_slot, richcompare as richcompare_slot, setattro as setattro_slot,
    traverse as traverse_slot,
};

use crate::class::{PyClass, PyClassInit};
use crate::conversion::IntoPyObject;
use crate::err::PyResult;
use crate::ffi;
use crate::object::Object;
use crate::python::Python;
use core::marker::PhantomData;
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

/// `&self` for an async method: the object and a shared borrow of its value, held by the
/// coroutine from the call until it finishes or is dropped, on any thread (see the
/// borrow rules for coroutines in `class::cell`).
pub struct AsyncShared<T: PyClass> {
    object: crate::object::Py<T>,
}

impl<T: PyClass> AsyncShared<T> {
    /// # Safety
    /// `slf` must be an instance of `T` (or of a subclass), attached.
    pub unsafe fn new(py: Python<'_>, slf: *mut ffi::PyObject) -> PyResult<Self> {
        // SAFETY: per the caller.
        let cell = unsafe { cell_of_instance::<T>(slf) };
        cell.borrow_async()?;
        // SAFETY: a valid object of T; the new reference keeps the cell alive.
        let object = unsafe {
            crate::object::Py::from_owned_ptr(Object::from_borrowed_ptr(py, slf).into_ptr())
        };
        Ok(AsyncShared { object })
    }

    fn cell(&self) -> &ClassCell<T> {
        // SAFETY: a T instance, kept alive by `object`.
        unsafe { cell_of_instance::<T>(self.object.as_ptr()) }
    }
}

impl<T: PyClass> Deref for AsyncShared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: borrowed in `new`, live until released in `drop`.
        unsafe { self.cell().value_unchecked() }
    }
}

impl<T: PyClass> Drop for AsyncShared<T> {
    fn drop(&mut self) {
        self.cell().release_async();
    }
}

/// `&mut self` for an async method, held like [`AsyncShared`].
pub struct AsyncExclusive<T: PyClass> {
    object: crate::object::Py<T>,
}

impl<T: PyClass> AsyncExclusive<T> {
    /// # Safety
    /// `slf` must be an instance of `T` (or of a subclass), attached.
    pub unsafe fn new(py: Python<'_>, slf: *mut ffi::PyObject) -> PyResult<Self> {
        // SAFETY: per the caller.
        let cell = unsafe { cell_of_instance::<T>(slf) };
        cell.borrow_mut_async()?;
        // SAFETY: a valid object of T; the new reference keeps the cell alive.
        let object = unsafe {
            crate::object::Py::from_owned_ptr(Object::from_borrowed_ptr(py, slf).into_ptr())
        };
        Ok(AsyncExclusive { object })
    }

    fn cell(&self) -> &ClassCell<T> {
        // SAFETY: a T instance, kept alive by `object`.
        unsafe { cell_of_instance::<T>(self.object.as_ptr()) }
    }
}

impl<T: PyClass> Deref for AsyncExclusive<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: exclusively borrowed in `new`.
        unsafe { self.cell().value_unchecked() }
    }
}

impl<T: PyClass> DerefMut for AsyncExclusive<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: exclusively borrowed in `new`, and `&mut self` is unique.
        unsafe { self.cell().value_unchecked_mut() }
    }
}

impl<T: PyClass> Drop for AsyncExclusive<T> {
    fn drop(&mut self) {
        self.cell().release_mut();
    }
}

/// Implemented by `#[pyclass]` for classes that are not `frozen`: only those have the
/// borrow flag that `&mut self` needs.
///
/// # Safety
/// Only for a class whose `PyClass::FROZEN` is `false`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is #[pyclass(frozen)], so its methods cannot take `&mut self`",
    label = "take `&self`",
    note = "a frozen class is never borrowed exclusively: keep state that changes in a `Mutex` or an atomic, or remove `frozen`"
)]
pub unsafe trait Mutable {}

/// Checked where a method takes `&mut self`.
#[inline(always)]
pub fn assert_mutable<T: Mutable>(_class: PhantomData<T>) {}

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

/// A field read from Python through `#[py(get)]`.
#[diagnostic::on_unimplemented(
    message = "a field of type `{Self}` cannot be read from Python with `#[py(get)]`",
    label = "`#[py(get)]` needs a `Clone + IntoPyObject` type, or a `Py<T>`",
    note = "derive `Clone` and implement `IntoPyObject` for `{Self}`, or write a #[getter] method instead"
)]
pub trait FieldGet {
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>>;
}

#[diagnostic::do_not_recommend]
impl<T: GetField> FieldGet for T {
    #[inline(always)]
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>> {
        GetField::get_field(self, py)
    }
}

/// A field of a data enum's variant, read from Python as its variant class's property.
#[diagnostic::on_unimplemented(
    message = "a field of type `{Self}` in a variant of a #[pyclass] enum cannot be read from Python",
    label = "each field of a variant is a read-only property: it needs a `Clone + IntoPyObject` type, or a `Py<T>`",
    note = "derive `Clone` and implement `IntoPyObject` for `{Self}`, or make the field a `Py<T>` of a #[pyclass] `T`"
)]
pub trait VariantFieldGet {
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>>;
}

#[diagnostic::do_not_recommend]
impl<T: GetField> VariantFieldGet for T {
    #[inline(always)]
    fn get_field<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>> {
        GetField::get_field(self, py)
    }
}

/// `#[new]`'s result, whatever it is (`T`, `(T, Base)`, or a `PyResult` of those),
/// turned into a `PyResult` by the macro.
#[inline(always)]
pub fn new_ok<I>(value: I) -> PyResult<I> {
    Ok(value)
}

/// What a `#[new]` constructor of `T` returns (after `?` on a `Result`).
#[diagnostic::on_unimplemented(
    message = "a #[new] constructor of `{T}` cannot return `{Self}`",
    label = "expected `Self`",
    note = "return `Self`, or `(Self, Base)` for a class that `extends` a #[pyclass] `Base`, or a `PyResult` of either"
)]
pub trait NewValue<T: PyClass> {
    /// The value that initialises the instance.
    type Init: PyClassInit<T>;
    fn into_init(self) -> Self::Init;
}

#[diagnostic::do_not_recommend]
impl<T: PyClass, I: PyClassInit<T>> NewValue<T> for I {
    type Init = I;
    #[inline(always)]
    fn into_init(self) -> I {
        self
    }
}

/// Creates the instance for what a `#[new]` constructor returned; its type is checked by
/// `NewValue` where the constructor's return type is written.
///
/// # Safety
/// As for [`create_instance`].
#[inline(always)]
pub unsafe fn new_instance<'py, T: PyClass, I: NewValue<T>>(
    py: Python<'py>,
    subtype: *mut ffi::PyTypeObject,
    init: I,
) -> PyResult<Object<'py>> {
    // SAFETY: forwarded to the caller.
    unsafe { crate::class::instance::create_instance::<T, I::Init>(py, subtype, init.into_init()) }
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

/// The error of a data enum's variant class (`Shape.Circle`) that finds another variant's
/// value in its instance `obj`: only possible after Python code assigned `__class__`.
///
/// # Safety
/// `obj` must be a valid object (the receiver of the call).
#[cold]
#[inline(never)]
pub unsafe fn wrong_variant(py: Python<'_>, obj: *mut ffi::PyObject) -> crate::err::PyErr {
    use crate::object::PyAnyMethods;
    // SAFETY: per the caller.
    let obj = unsafe { crate::object::Borrowed::from_ptr(py, obj) };
    let class = obj.get_type().qualname().unwrap_or_else(|_| "?".to_owned());
    crate::exceptions::PyTypeError::new_err(format!(
        "this '{class}' object holds the value of another variant (was its __class__ assigned?)"
    ))
}

/// A new instance of the variant class `V` of the data enum `E`, holding `value` (a value
/// of that variant), seen as an `E`: [`PyClass::into_variant_instance`] for data enums.
#[inline]
pub fn variant_instance<E, V>(py: Python<'_>, marker: V, value: E) -> PyResult<crate::object::Py<E>>
where
    E: PyClass<Base = crate::object::PyAny>,
    V: PyClass<Base = E>,
{
    let obj = crate::object::Py::<V>::new(py, (marker, value))?;
    // SAFETY: an instance of `V`, whose class extends `E`'s.
    Ok(unsafe { crate::object::Py::from_owned_ptr(obj.into_ptr()) })
}
