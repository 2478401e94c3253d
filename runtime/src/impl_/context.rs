//! Which module instance owns the call running on this thread, so that `Py::new`,
//! `type_object` and raising a `create_exception!` class use that instance's classes when
//! one extension is loaded twice in an interpreter (each load has its own types).
//!
//! Every trampoline notes its receiver in a thread-local as it enters (a method's
//! defining class, a slot's instance, a module function's module) and restores the
//! previous value as it leaves: a pointer store, no Python call. Only a lookup that needs
//! the module turns the note into one (`candidate_modules`): through the receiver's
//! type, whose defining module is found by the library's module token (3.15,
//! `PyType_GetModuleByToken`) or by its `PyModuleDef` (3.11 to 3.14,
//! `PyType_GetModuleByDef`), walking the MRO as CPython does, so instances of a Python
//! subclass lead to the module too.

use crate::ffi;
use crate::python::Python;
use crate::types::Module;
use core::cell::Cell;

thread_local! {
    /// The receiver of the innermost abide call on this thread: a pointer with its kind in
    /// the low bits (objects are at least 8-byte aligned); 0 for none.
    static CURRENT: Cell<usize> = const { Cell::new(0) };
}

const OBJECT: usize = 0;
const TYPE: usize = 1;
const MODULE: usize = 2;
const KIND: usize = 3;

/// Notes the receiver of a call for as long as it lives, then restores the outer one.
#[must_use]
pub struct Scope(usize);

impl Scope {
    #[inline(always)]
    fn enter(value: usize) -> Scope {
        Scope(CURRENT.replace(value))
    }

    /// A call on the instance `obj` (a slot, a property): its type leads to the module.
    #[inline(always)]
    pub fn object(obj: *mut ffi::PyObject) -> Scope {
        Scope::enter(obj as usize | OBJECT)
    }

    /// A call whose receiver is the class `tp` (a method's defining class, the type
    /// `__new__` creates).
    #[inline(always)]
    pub fn class(tp: *mut ffi::PyTypeObject) -> Scope {
        Scope::enter(tp as usize | TYPE)
    }

    /// A call of a module function or static method: `module` is its `__self__` (the
    /// module, the class of a static method), or NULL.
    #[inline(always)]
    pub fn module(module: *mut ffi::PyObject) -> Scope {
        Scope::enter(if module.is_null() {
            0
        } else {
            module as usize | MODULE
        })
    }
}

impl Drop for Scope {
    #[inline(always)]
    fn drop(&mut self) {
        CURRENT.set(self.0);
    }
}

/// The modules of this library to look in, most specific first: the module that owns the
/// receiver of the innermost call, then the module whose `Py_mod_exec` runs on this
/// thread.
pub(crate) fn candidate_modules(py: Python<'_>) -> impl Iterator<Item = Module<'_>> {
    // SAFETY: the noted receiver is alive: its call is still running on this thread.
    let receiver = unsafe { receiver_module(py, CURRENT.get()) };
    let executing = crate::impl_::module::executing();
    let executing = (!executing.is_null() && executing != receiver).then(|| {
        // SAFETY: a module of this library, executing on this thread, so alive.
        unsafe { Module::from_borrowed_ptr(py, executing) }
    });
    let receiver = (!receiver.is_null()).then(|| {
        // SAFETY: a module (borrowed from the receiver's type or the receiver itself).
        unsafe { Module::from_borrowed_ptr(py, receiver) }
    });
    receiver.into_iter().chain(executing)
}

/// The module of this library that owns the noted receiver, borrowed; NULL if none.
///
/// # Safety
/// Attached; `noted` is 0 or a value of [`CURRENT`] whose object is alive.
unsafe fn receiver_module(py: Python<'_>, noted: usize) -> *mut ffi::PyObject {
    let _ = py;
    let ptr = (noted & !KIND) as *mut ffi::PyObject;
    if ptr.is_null() {
        return ptr;
    }
    // SAFETY: per the caller.
    unsafe {
        match noted & KIND {
            // A static method's `__self__` is its class.
            MODULE if crate::compat::type_check(ptr) != 0 => module_of_type(ptr.cast()),
            MODULE if crate::impl_::module::is_own_module(ptr) => ptr,
            // A module of something else.
            MODULE => core::ptr::null_mut(),
            TYPE => module_of_type(ptr.cast()),
            _ => module_of_type(crate::compat::py_type(ptr)),
        }
    }
}

/// The module of this library that defines `tp` or the nearest of its bases that one
/// defines, borrowed (the type keeps it alive); NULL if none. Leaves the error indicator
/// as it was.
///
/// # Safety
/// Attached; `tp` a valid type.
unsafe fn module_of_type(tp: *mut ffi::PyTypeObject) -> *mut ffi::PyObject {
    // SAFETY: per the caller; the lookups may raise (no such module), which is cleared
    // and the earlier error, if any, put back.
    unsafe {
        let saved = crate::compat::get_raised_exception();
        let module = match crate::compat::type_module_by_token(tp, crate::impl_::module::token()) {
            Some(module) => module,
            None => crate::impl_::legacy_module::type_module(tp),
        };
        if module.is_null() {
            ffi::PyErr_Clear();
        }
        if !saved.is_null() {
            crate::compat::set_raised_exception(saved);
        }
        module
    }
}
