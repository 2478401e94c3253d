//! Finding a class's type object and an instance's Rust value, and creating instances.

use super::PyClass;
use super::cell::ClassCell;
use crate::compat;
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyRuntimeError, PyTypeError};
use crate::ffi;
use crate::object::{Object, Py};
use crate::python::Python;
use crate::types::{Module, TypeObject};
use core::ffi::c_void;

/// The type registered under `token` in `module`'s state.
pub(crate) fn type_in_module<'py>(
    module: &Module<'py>,
    token: *const c_void,
) -> Option<TypeObject<'py>> {
    // SAFETY: our own module.
    let state = unsafe { crate::impl_::module::state_data(module.as_object().as_ptr()) }?;
    state
        .entries
        .iter()
        .find(|(t, _)| *t == token as usize)
        .map(|(_, ty)| {
            // SAFETY: only types are stored under class tokens.
            unsafe { TypeObject::from_object_unchecked(ty.bind(module.as_object().py())) }
        })
}

/// `T`'s type object in the current interpreter, from the module instance that owns the
/// code running.
///
/// Each module of an extension (and each instance of one, when it is loaded twice, as
/// test runners and plugin loaders do) has its own class objects. Inside a method,
/// property or special method, `T` is looked up in the module that defines the class of
/// the *receiving object* (found through its type, so a Python subclass's instance counts
/// too), and inside a `#[pyfunction]` in the function's module: so `Py::new` and a method
/// returning `Self` make an instance of the caller's own module's class. While a
/// module's `#[pymodule]` function runs, its module comes next. Last, `T` is looked up
/// through `sys.modules` in the module that first added it. Fails with `RuntimeError` if
/// no module has added the class, or if that module is not imported.
///
/// ```no_run
/// use abide::class::type_object;
/// use abide::prelude::*;
///
/// #[pyclass(subclass)]
/// struct Shape;
///
/// /// Whether `cls` is `Shape` or a subclass of it.
/// #[pyfunction]
/// fn is_shape_class(py: Python<'_>, cls: TypeObject<'_>) -> PyResult<bool> {
///     cls.is_subclass(&type_object::<Shape>(py)?)
/// }
/// ```
pub fn type_object<T: PyClass>(py: Python<'_>) -> PyResult<TypeObject<'_>> {
    // The module found from the receiver is never absent from `sys.modules` nor another
    // instance than the caller's (a loader's `exec_module` on a fresh module, a second
    // load of the extension), as the fallback below may be.
    for module in crate::impl_::context::candidate_modules(py) {
        if let Some(ty) = type_in_module(&module, T::token()) {
            return Ok(ty);
        }
    }
    let Some(home) = T::class_data().home() else {
        return Err(PyRuntimeError::new_err(format!(
            "class {} has not been added to a module yet (call `m.add_class::<{}>()` in the #[pymodule])",
            T::NAME,
            T::NAME
        )));
    };
    let name = crate::types::str_from_rust(py, super::cstr_text(home))?;
    // SAFETY: a valid name; returns a new reference, or NULL with or without an error.
    let module = unsafe { ffi::PyImport_GetModule(name.as_ptr()) };
    // SAFETY: `module` is that new reference or NULL; NULL with an error becomes Err.
    let module = match unsafe { Object::from_owned_ptr_or_err(py, module) } {
        Ok(m) => m,
        Err(_) => {
            return Err(PyRuntimeError::new_err(format!(
                "cannot create a {} instance: its module {:?} is not in sys.modules",
                T::NAME,
                home
            )));
        }
    };
    // SAFETY: an abide module (it was registered as the class's home).
    let module = unsafe { Module::from_object_unchecked(module) };
    type_in_module(&module, T::token()).ok_or_else(|| {
        PyRuntimeError::new_err(format!(
            "class {} is missing from its module's state",
            T::NAME
        ))
    })
}

/// The class object among `obj`'s type and its bases that is `T`, or NULL if `obj` is
/// not a `T`. Release it with [`release_class`].
///
/// # Safety
/// `obj` must be a valid object.
#[inline]
pub(crate) unsafe fn class_of<T: PyClass>(obj: *mut ffi::PyObject) -> *mut ffi::PyTypeObject {
    // SAFETY: forwarded.
    unsafe { class_in_bases::<T>(compat::py_type(obj), false) }
}

/// [`class_of`] for `tp_traverse`: the class is a *borrowed* reference (the collector
/// must not change reference counts); do not pass it to [`release_class`].
///
/// # Safety
/// `obj` must be a valid object under garbage collection.
pub(crate) unsafe fn class_of_during_gc<T: PyClass>(
    obj: *mut ffi::PyObject,
) -> *mut ffi::PyTypeObject {
    // SAFETY: forwarded.
    unsafe { class_in_bases::<T>(compat::py_type(obj), true) }
}

/// `T`'s class among `tp` and its bases. With type tokens (3.14+) this is
/// `PyType_GetBaseByToken` and returns a new reference (a borrowed one `during_gc`); on
/// 3.13 it walks `tp_base`, recognising `T` by its deallocator (unique to each class),
/// and returns a borrowed one.
unsafe fn class_in_bases<T: PyClass>(
    tp: *mut ffi::PyTypeObject,
    during_gc: bool,
) -> *mut ffi::PyTypeObject {
    // SAFETY: a valid type; the C functions return a new reference or NULL.
    unsafe {
        if compat::has_type_tokens() {
            let mut out = core::ptr::null_mut();
            let rc = if during_gc {
                compat::get_base_by_token_during_gc(tp, T::token(), &mut out)
            } else {
                compat::get_base_by_token(tp, T::token(), &mut out)
            };
            if rc < 0 {
                ffi::PyErr_Clear();
            }
            return out;
        }
        let Some(ours) = recorded_dealloc::<T>() else {
            // The class was never created, so nothing is an instance of it.
            return core::ptr::null_mut();
        };
        let mut t = tp;
        while !t.is_null() {
            if ffi::PyType_GetSlot(t, ffi::Py_tp_dealloc) == ours {
                return t;
            }
            t = ffi::PyType_GetSlot(t, ffi::Py_tp_base).cast();
        }
        core::ptr::null_mut()
    }
}

/// The `tp_dealloc` of `T`'s types, as recorded when the first was created (see
/// `Tables::dealloc`); `None` before that.
#[inline]
fn recorded_dealloc<T: PyClass>() -> Option<*mut c_void> {
    T::class_data().tables().map(|t| t.dealloc)
}

/// Releases what [`class_of`] returned (a new reference only with type tokens).
///
/// # Safety
/// `cls` must come from `class_of`/`class_of_during_gc` and not be NULL.
#[inline]
pub(crate) unsafe fn release_class(cls: *mut ffi::PyTypeObject) {
    if compat::has_type_tokens() {
        // SAFETY: a new reference from PyType_GetBaseByToken.
        unsafe { ffi::Py_DecRef(cls.cast()) }
    }
}

/// `T`'s cell inside `obj`, for an `obj` known to be a `T` instance (the receiver of a
/// slot or descriptor of `T`, which CPython only calls with instances of it).
///
/// # Safety
/// `obj` must be an instance of `T` or of a subclass of it.
#[inline]
pub unsafe fn cell_of_instance<'a, T: PyClass>(obj: *mut ffi::PyObject) -> &'a ClassCell<T> {
    // SAFETY: per the caller.
    unsafe { &*data_of_instance::<T>(obj).cast::<ClassCell<T>>() }
}

/// The start of `T`'s type data inside `obj` (its cell, then its `dict`/`weakref`
/// pointers).
///
/// # Safety
/// `obj` must be an instance of `T` or of a subclass of it.
#[inline]
pub(crate) unsafe fn data_of_instance<T: PyClass>(obj: *mut ffi::PyObject) -> *mut u8 {
    // SAFETY: per the caller, `obj` is a T; a class without `subclass` has no subclasses,
    // so its own type is T's type.
    unsafe {
        let tp = compat::py_type(obj);
        if !T::SUBCLASS {
            return type_data::<T>(obj, tp);
        }
        // Walk `tp_base` (borrowed references, no reference counting) to T's class,
        // recognised by its deallocator: T's own, where a subclass has another. T is on
        // that chain: a class whose instances have T's layout has T as its layout base.
        // An instance exists, so the class was created and its deallocator recorded.
        let ours = recorded_dealloc::<T>().unwrap_or(core::ptr::null_mut());
        let mut t = tp;
        while !t.is_null() {
            if ffi::PyType_GetSlot(t, ffi::Py_tp_dealloc) == ours {
                return type_data::<T>(obj, t);
            }
            t = ffi::PyType_GetSlot(t, ffi::Py_tp_base).cast();
        }
        // Not reached for an instance of T (the caller's promise); `class_of` is the
        // general search.
        let cls = class_of::<T>(obj);
        let data = type_data::<T>(obj, cls);
        release_class(cls);
        data
    }
}

/// `PyObject_GetTypeData(obj, cls)` for `cls`, `T`'s class: PEP 697 on 3.12+, and below
/// the offset abide laid `T`'s data out at when it created the class.
///
/// # Safety
/// `obj` must be an instance of `cls` or of a subclass of it.
#[inline(always)]
pub(crate) unsafe fn type_data<T: PyClass>(
    obj: *mut ffi::PyObject,
    cls: *mut ffi::PyTypeObject,
) -> *mut u8 {
    // SAFETY: per the caller; the offset lies inside every instance of the class.
    unsafe {
        if compat::has_type_data() {
            compat::type_data(obj, cls).cast()
        } else {
            obj.cast::<u8>().add(T::class_data().data_offset())
        }
    }
}

/// `T`'s cell inside `obj` if it is a `T`, else a `TypeError` naming the class.
pub(crate) fn cell_checked<'a, T: PyClass>(
    obj: crate::object::Borrowed<'a, '_>,
) -> PyResult<&'a ClassCell<T>> {
    // SAFETY: a valid object; the data lives as long as the object.
    unsafe {
        let cls = class_of::<T>(obj.as_ptr());
        if cls.is_null() {
            return Err(wrong_type::<T>(obj));
        }
        let data = type_data::<T>(obj.as_ptr(), cls);
        release_class(cls);
        Ok(&*data.cast::<ClassCell<T>>())
    }
}

#[cold]
fn wrong_type<T: PyClass>(obj: crate::object::Borrowed<'_, '_>) -> PyErr {
    use crate::object::PyAnyMethods;
    let actual = obj.get_type().name().unwrap_or_else(|_| "?".to_owned());
    PyTypeError::new_err(format!(
        "'{actual}' object cannot be converted to '{}'",
        T::NAME
    ))
}

/// The Rust values that initialise a new instance: `T` alone for a class based on
/// `object`, or `(T, base_init)` for a class that `extends` another `#[pyclass]`
/// (nested for deeper hierarchies: `(C, (B, A))`). `#[new]` returns one, and
/// [`Py::new`] takes one.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyclass(subclass)]
/// struct Animal {
///     name: String,
/// }
///
/// #[pyclass(extends = Animal)]
/// struct Dog {
///     good: bool,
/// }
///
/// #[pyfunction]
/// fn make_dog(py: Python<'_>, name: String) -> PyResult<Py<Dog>> {
///     Py::new(py, (Dog { good: true }, Animal { name }))
/// }
/// ```
pub trait PyClassInit<T: PyClass> {
    /// Writes every level's value into the fresh object `obj` of type `subtype`.
    ///
    /// # Safety
    /// `obj` must be freshly allocated from `subtype`, a subtype of `T`.
    #[doc(hidden)]
    unsafe fn write(self, obj: *mut ffi::PyObject, subtype: *mut ffi::PyTypeObject);

    /// [`PyClass::into_variant_instance`] for a value alone; a value with its bases'
    /// values (`(T, B)`) is always an instance of `T` itself.
    #[doc(hidden)]
    #[inline(always)]
    fn into_variant_instance(self, _py: Python<'_>) -> Result<PyResult<Py<T>>, Self>
    where
        Self: Sized,
    {
        Err(self)
    }
}

/// Writes `value` as `T`'s level of `obj`.
unsafe fn write_level<T: PyClass>(
    obj: *mut ffi::PyObject,
    subtype: *mut ffi::PyTypeObject,
    value: T,
) {
    // SAFETY: per `PyClassInit::write`; the type data of a fresh object is zeroed.
    unsafe {
        let cell = if !T::SUBCLASS {
            type_data::<T>(obj, subtype)
        } else {
            let cls = class_in_bases::<T>(subtype, false);
            let data = type_data::<T>(obj, cls);
            release_class(cls);
            data
        };
        ClassCell::init(cell.cast::<ClassCell<T>>(), value);
    }
}

/// The bases with no Rust value: `object` and the built-in types ([`NativeBase`]), so a
/// class on one of them is initialised by its own value alone.
///
/// [`NativeBase`]: super::NativeBase
#[doc(hidden)]
pub trait RootBase {}
impl RootBase for crate::object::PyAny {}
impl<B: super::NativeBase> RootBase for B {}

impl<T: PyClass> PyClassInit<T> for T
where
    T::Base: RootBase,
{
    #[inline]
    unsafe fn write(self, obj: *mut ffi::PyObject, subtype: *mut ffi::PyTypeObject) {
        // SAFETY: forwarded.
        unsafe { write_level(obj, subtype, self) }
    }

    #[inline(always)]
    fn into_variant_instance(self, py: Python<'_>) -> Result<PyResult<Py<T>>, Self> {
        PyClass::into_variant_instance(self, py)
    }
}

impl<T, B> PyClassInit<T> for (T, B)
where
    T: PyClass,
    T::Base: PyClass,
    B: PyClassInit<T::Base>,
{
    #[inline]
    unsafe fn write(self, obj: *mut ffi::PyObject, subtype: *mut ffi::PyTypeObject) {
        // SAFETY: forwarded; the base levels are written first.
        unsafe {
            self.1.write(obj, subtype);
            write_level(obj, subtype, self.0);
        }
    }
}

/// Allocates an instance of `subtype` (a subtype of `T`) and moves the values in.
///
/// # Safety
/// `subtype` must be `T`'s type or a subtype of it.
pub unsafe fn create_instance<'py, T: PyClass, I: PyClassInit<T>>(
    py: Python<'py>,
    subtype: *mut ffi::PyTypeObject,
    init: I,
) -> PyResult<Object<'py>> {
    // SAFETY: a valid type; its tp_alloc returns a new zeroed instance or NULL.
    unsafe {
        let native = <T::Base as super::PyClassBase>::native_type();
        let obj = if !native.is_null() {
            new_native(py, native, subtype)?
        } else if !T::SUBCLASS {
            // No subclasses, so no custom tp_alloc: the generic one is what the type has.
            ffi::PyType_GenericAlloc(subtype, 0)
        } else {
            let alloc = ffi::PyType_GetSlot(subtype, ffi::Py_tp_alloc);
            if alloc.is_null() {
                ffi::PyType_GenericAlloc(subtype, 0)
            } else {
                let alloc: ffi::allocfunc = core::mem::transmute(alloc);
                alloc(subtype, 0)
            }
        };
        let obj = Object::from_owned_ptr_or_err(py, obj)?;
        init.write(obj.as_ptr(), subtype);
        Ok(obj)
    }
}

/// A new instance of `subtype` made by the built-in base's `tp_new` (which sets up the
/// built-in's part, e.g. an exception's `args`), called with no arguments as PyO3 does:
/// the built-in's `__init__`, which `type.__call__` runs next, gets the real ones.
///
/// # Safety
/// `native` is a built-in type and `subtype` a subtype of it.
unsafe fn new_native(
    py: Python<'_>,
    native: *mut ffi::PyObject,
    subtype: *mut ffi::PyTypeObject,
) -> PyResult<*mut ffi::PyObject> {
    // SAFETY: per the caller; every NativeBase type has a tp_new.
    unsafe {
        let new = ffi::PyType_GetSlot(native.cast(), ffi::Py_tp_new);
        if new.is_null() {
            return Err(PyTypeError::new_err(
                "the built-in base class has no tp_new",
            ));
        }
        let new: ffi::newfunc = core::mem::transmute(new);
        let args = crate::types::Tuple::empty(py)?;
        Ok(new(
            subtype,
            args.as_object().as_ptr(),
            core::ptr::null_mut(),
        ))
    }
}

impl<T: PyClass> Py<T> {
    /// Creates a new instance of the `#[pyclass]` `T` from Rust.
    ///
    /// `T` must have been added to a module (with `m.add_class::<T>()`) that is imported
    /// in the current interpreter: the class object is found through it. Otherwise this
    /// fails with `RuntimeError`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Counter {
    ///     value: i64,
    /// }
    ///
    /// #[pyfunction]
    /// fn make_counter(py: Python<'_>) -> PyResult<Py<Counter>> {
    ///     Py::new(py, Counter { value: 0 })
    /// }
    /// ```
    pub fn new<I: PyClassInit<T>>(py: Python<'_>, init: I) -> PyResult<Py<T>> {
        // A data enum's value becomes an instance of its variant's class.
        let init = match init.into_variant_instance(py) {
            Ok(instance) => return instance,
            Err(init) => init,
        };
        let ty = type_object::<T>(py)?;
        // SAFETY: `ty` is T's type.
        let obj = unsafe { create_instance::<T, I>(py, ty.as_type_ptr(), init)? };
        // SAFETY: a new T instance.
        Ok(unsafe { Py::from_owned_ptr(obj.into_ptr()) })
    }

    /// A shared borrow of the Rust value (waits while another thread holds `&mut`;
    /// raises `RuntimeError` if this thread holds it).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Point {
    ///     x: f64,
    /// }
    ///
    /// #[pyfunction]
    /// fn sum_x(py: Python<'_>, points: Vec<Py<Point>>) -> PyResult<f64> {
    ///     let mut sum = 0.0;
    ///     for p in &points {
    ///         sum += p.borrow(py)?.x;
    ///     }
    ///     Ok(sum)
    /// }
    /// ```
    pub fn borrow<'py>(&self, py: Python<'py>) -> PyResult<super::PyRef<'py, T>> {
        super::PyRef::new(self.bind(py))
    }

    /// The exclusive borrow of the Rust value (waits while other threads hold borrows;
    /// raises `RuntimeError` if this thread holds one).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyclass]
    /// struct Point {
    ///     x: f64,
    /// }
    ///
    /// #[pyfunction]
    /// fn shift_all(py: Python<'_>, points: Vec<Py<Point>>, dx: f64) -> PyResult<()> {
    ///     for p in &points {
    ///         p.borrow_mut(py)?.x += dx;
    ///     }
    ///     Ok(())
    /// }
    /// ```
    pub fn borrow_mut<'py>(&self, py: Python<'py>) -> PyResult<super::PyRefMut<'py, T>> {
        super::PyRefMut::new(self.bind(py))
    }
}

impl<'a, 'py, T: PyClass> crate::conversion::FromPyObject<'a, 'py> for Py<T> {
    fn extract(obj: crate::object::Borrowed<'a, 'py>) -> PyResult<Self> {
        cell_checked::<T>(obj)?;
        // SAFETY: checked to be a T.
        Ok(unsafe { Py::from_owned_ptr(obj.to_owned().into_ptr()) })
    }
}

/// A `#[pyclass]` that is `Clone` converts by value: a copy of the instance's Rust value
/// (for a data enum, from an instance of any of its variants). As in PyO3.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyclass]
/// #[derive(Clone)]
/// struct Point {
///     x: f64,
/// }
///
/// #[pyfunction]
/// fn moved(mut p: Point, dx: f64) -> Point {
///     p.x += dx;
///     p
/// }
/// ```
// Not recommended in errors: for a type that is neither, "implement `PyClass`" and
// "derive `Clone`" would be wrong advice.
#[diagnostic::do_not_recommend]
impl<'a, 'py, T: PyClass + Clone> crate::conversion::FromPyObject<'a, 'py> for T {
    fn extract(obj: crate::object::Borrowed<'a, 'py>) -> PyResult<Self> {
        let value = super::PyRef::<'py, T>::new(obj.to_owned())?;
        Ok(T::clone(&value))
    }
}
