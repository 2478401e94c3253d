//! The functions abide needs that are newer than CPython 3.11, looked up when the module
//! is loaded instead of linked.
//!
//! CPython loads extension modules with `RTLD_NOW`, so a single symbol that the running
//! interpreter lacks makes the import fail. An abide library is built against 3.15's abi3t
//! headers but also loads on 3.11 to 3.14 (through `PyInit_<name>`): every function added
//! after 3.11 goes through this module, which uses the real function when the interpreter
//! has it and an equivalent otherwise (those of 3.12 and 3.13 in [`fallbacks`]). A call
//! through these pointers costs the same as a call through the PLT.

#[cfg(not(feature = "abi3-py313"))]
mod fallbacks;
#[cfg(not(feature = "abi3-py313"))]
pub use fallbacks::*;
#[cfg(feature = "abi3-py313")]
mod linked;
#[cfg(feature = "abi3-py313")]
use linked as fallbacks;
#[cfg(feature = "abi3-py313")]
pub use linked::*;

use crate::ffi;
use core::ffi::{c_char, c_int, c_void};
use core::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

unsafe extern "C" {
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    /// The running interpreter's version (`PY_VERSION_HEX`), stable ABI since 3.11.
    static Py_Version: u32;
}

/// `RTLD_DEFAULT`: search the global scope (the interpreter and what it loaded).
const RTLD_DEFAULT: *mut c_void = core::ptr::null_mut();

static VERSION: AtomicU32 = AtomicU32::new(0);

type PyTypeFn = unsafe extern "C" fn(*mut ffi::PyObject) -> *mut ffi::PyTypeObject;
type GetBaseByTokenFn =
    unsafe extern "C" fn(*mut ffi::PyTypeObject, *mut c_void, *mut *mut ffi::PyTypeObject) -> c_int;
type TypeDataFn = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyTypeObject) -> *mut c_void;
type ModuleStateFn = unsafe extern "C" fn(*mut ffi::PyObject) -> *mut c_void;
type CriticalSectionBeginFn = unsafe extern "C" fn(*mut ffi::PyCriticalSection, *mut ffi::PyObject);
type CriticalSectionEndFn = unsafe extern "C" fn(*mut ffi::PyCriticalSection);

static PY_TYPE: AtomicPtr<c_void> = AtomicPtr::new(py_type_from_field as *mut c_void);
static GET_BASE_BY_TOKEN: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static GET_BASE_BY_TOKEN_DURING_GC: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static TYPE_DATA_DURING_GC: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static MODULE_STATE_DURING_GC: AtomicPtr<c_void> =
    AtomicPtr::new(ffi::PyModule_GetState as *mut c_void);
static MODULE_GET_TOKEN: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static MODULE_GET_DEF: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static TYPE_MODULE_BY_DEF: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static TYPE_MODULE_BY_TOKEN: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static CRITICAL_SECTION_BEGIN: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static CRITICAL_SECTION_END: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());

/// `Py_TYPE` before 3.14, where it is not an exported function: on the GIL builds that
/// load this library through `PyInit_` (3.11 to 3.14), `abi3` fixes the object header as a
/// reference count followed by the type pointer.
unsafe extern "C" fn py_type_from_field(obj: *mut ffi::PyObject) -> *mut ffi::PyTypeObject {
    // SAFETY: a valid object with the abi3 GIL-build header.
    unsafe { *obj.cast::<*mut ffi::PyTypeObject>().add(1) }
}

pub(crate) fn lookup(name: &core::ffi::CStr, slot: &AtomicPtr<c_void>) {
    // SAFETY: dlsym with a valid C string; NULL when absent.
    let f = unsafe { dlsym(RTLD_DEFAULT, name.as_ptr()) };
    if !f.is_null() {
        slot.store(f, Ordering::Release);
    }
}

/// Resolves the late-bound functions. Called by the module entry points before anything
/// else; idempotent.
pub fn init() {
    if VERSION.load(Ordering::Acquire) != 0 {
        return;
    }
    lookup(c"Py_TYPE", &PY_TYPE);
    lookup(c"PyType_GetBaseByToken", &GET_BASE_BY_TOKEN);
    lookup(
        c"PyType_GetBaseByToken_DuringGC",
        &GET_BASE_BY_TOKEN_DURING_GC,
    );
    lookup(c"PyObject_GetTypeData_DuringGC", &TYPE_DATA_DURING_GC);
    lookup(c"PyModule_GetState_DuringGC", &MODULE_STATE_DURING_GC);
    lookup(c"PyModule_GetToken", &MODULE_GET_TOKEN);
    lookup(c"PyType_GetModuleByToken", &TYPE_MODULE_BY_TOKEN);
    // Not usable under abi3t (it returns a `PyModuleDef`), so looked up rather than
    // linked: only the path below 3.15, which makes its modules from a `PyModuleDef`, uses it.
    lookup(c"PyModule_GetDef", &MODULE_GET_DEF);
    lookup(c"PyType_GetModuleByDef", &TYPE_MODULE_BY_DEF);
    lookup(c"PyCriticalSection_Begin", &CRITICAL_SECTION_BEGIN);
    lookup(c"PyCriticalSection_End", &CRITICAL_SECTION_END);
    crate::interpreter::init();
    fallbacks::init();
    // SAFETY: a constant of the interpreter.
    VERSION.store(unsafe { Py_Version }.max(1), Ordering::Release);
}

/// The running interpreter's `PY_VERSION_HEX` (after `init`).
pub fn version() -> u32 {
    VERSION.load(Ordering::Relaxed)
}

/// A new reference to one of the static singletons (`None`, `True`, `False`,
/// `NotImplemented`): nothing to do from 3.12 on, where they are immortal (which saves a
/// call on hot paths), one `Py_IncRef` on 3.11.
///
/// # Safety
/// `obj` is a singleton; attached below 3.12.
#[inline(always)]
pub unsafe fn singleton_ref(obj: *mut ffi::PyObject) -> *mut ffi::PyObject {
    #[cfg(not(feature = "abi3-py313"))]
    if version() < 0x030c_0000 {
        // SAFETY: per the caller.
        unsafe { ffi::Py_IncRef(obj) };
    }
    obj
}

/// Whether types can carry `Py_tp_token` (3.14+), and have `Py_tp_vectorcall`.
#[inline(always)]
pub fn has_type_tokens() -> bool {
    !GET_BASE_BY_TOKEN.load(Ordering::Relaxed).is_null()
}

/// `Py_TYPE(obj)`: a borrowed reference to the object's type.
///
/// # Safety
/// `obj` must be a valid object.
#[inline(always)]
pub unsafe fn py_type(obj: *mut ffi::PyObject) -> *mut ffi::PyTypeObject {
    // SAFETY: the pointer is Py_TYPE or its equivalent, both with this signature.
    unsafe {
        let f: PyTypeFn = core::mem::transmute(PY_TYPE.load(Ordering::Relaxed));
        f(obj)
    }
}

/// `PyType_GetBaseByToken` (3.14+; see [`has_type_tokens`]).
///
/// # Safety
/// As for the C function; only call when [`has_type_tokens`].
#[inline(always)]
pub unsafe fn get_base_by_token(
    tp: *mut ffi::PyTypeObject,
    token: *const c_void,
    out: *mut *mut ffi::PyTypeObject,
) -> c_int {
    // SAFETY: resolved in `init` (checked by the caller through has_type_tokens).
    unsafe {
        let f: GetBaseByTokenFn = core::mem::transmute(GET_BASE_BY_TOKEN.load(Ordering::Relaxed));
        f(tp, token.cast_mut(), out)
    }
}

/// `PyType_GetBaseByToken_DuringGC` (3.15): like `PyType_GetBaseByToken`, but the class
/// it finds is a *borrowed* reference (the collector must not change reference counts).
/// On 3.14 the plain function stands in, and its new reference is released at once: the
/// object being traversed keeps its classes alive.
///
/// # Safety
/// As for the C function; only call when [`has_type_tokens`].
pub unsafe fn get_base_by_token_during_gc(
    tp: *mut ffi::PyTypeObject,
    token: *const c_void,
    out: *mut *mut ffi::PyTypeObject,
) -> c_int {
    let f = GET_BASE_BY_TOKEN_DURING_GC.load(Ordering::Relaxed);
    if f.is_null() {
        // SAFETY: forwarded; `*out` is a new reference or NULL.
        unsafe {
            let rc = get_base_by_token(tp, token, out);
            if !(*out).is_null() {
                ffi::Py_DecRef((*out).cast());
            }
            return rc;
        }
    }
    // SAFETY: resolved in `init`.
    unsafe {
        let f: GetBaseByTokenFn = core::mem::transmute(f);
        f(tp, token.cast_mut(), out)
    }
}

/// `PyObject_GetTypeData_DuringGC` (3.15), else `PyObject_GetTypeData` (3.12+).
///
/// # Safety
/// As for the C function; only call when [`has_type_data`].
pub unsafe fn type_data_during_gc(
    obj: *mut ffi::PyObject,
    cls: *mut ffi::PyTypeObject,
) -> *mut c_void {
    let f = TYPE_DATA_DURING_GC.load(Ordering::Relaxed);
    // SAFETY: one of two functions with this signature.
    unsafe {
        if f.is_null() {
            return type_data(obj, cls);
        }
        let f: TypeDataFn = core::mem::transmute(f);
        f(obj, cls)
    }
}

/// `PyModule_GetState_DuringGC` (3.15), else `PyModule_GetState`.
///
/// # Safety
/// As for the C function.
pub unsafe fn module_state_during_gc(module: *mut ffi::PyObject) -> *mut c_void {
    // SAFETY: one of two functions with this signature.
    unsafe {
        let f: ModuleStateFn = core::mem::transmute(MODULE_STATE_DURING_GC.load(Ordering::Relaxed));
        f(module)
    }
}

/// Runs `f` inside the object's critical section (3.15+; before that only GIL builds
/// load abide libraries, where the GIL already serialises).
pub(crate) fn with_critical_section<R>(obj: *mut ffi::PyObject, f: impl FnOnce() -> R) -> R {
    let begin = CRITICAL_SECTION_BEGIN.load(Ordering::Relaxed);
    let end = CRITICAL_SECTION_END.load(Ordering::Relaxed);
    if begin.is_null() || end.is_null() {
        return f();
    }
    struct End(CriticalSectionEndFn, *mut ffi::PyCriticalSection);
    impl Drop for End {
        fn drop(&mut self) {
            // SAFETY: pairs the Begin below.
            unsafe { (self.0)(self.1) }
        }
    }
    let mut cs = core::mem::MaybeUninit::<ffi::PyCriticalSection>::uninit();
    // SAFETY: resolved functions; the section is ended by `End`, also on panic.
    unsafe {
        let begin: CriticalSectionBeginFn = core::mem::transmute(begin);
        let end: CriticalSectionEndFn = core::mem::transmute(end);
        begin(cs.as_mut_ptr(), obj);
        let _end = End(end, cs.as_mut_ptr());
        f()
    }
}

/// A type slot number for the running interpreter: 3.15 renumbered the four slots whose
/// old numbers clashed with module slots (`Py_bf_getbuffer`, `Py_bf_releasebuffer`,
/// `Py_mp_ass_subscript`, `Py_mp_length`); earlier versions only know the old numbers.
pub(crate) fn type_slot_id(slot: c_int) -> c_int {
    if version() >= 0x030f_0000 {
        return slot;
    }
    match slot {
        88 => 1,
        89 => 2,
        90 => 3,
        91 => 4,
        other => other,
    }
}

/// `PyType_GetFlags(Py_TYPE(obj))`.
///
/// # Safety
/// `obj` must be a valid object.
#[inline]
unsafe fn type_flags(obj: *mut ffi::PyObject) -> core::ffi::c_ulong {
    // SAFETY: a valid object has a valid type.
    unsafe { ffi::PyType_GetFlags(py_type(obj)) }
}

macro_rules! flag_checks {
    ($($(#[$doc:meta])* $name:ident => $flag:ident),* $(,)?) => {$(
        $(#[$doc])*
        ///
        /// # Safety
        /// `obj` must be a valid object.
        #[inline]
        pub unsafe fn $name(obj: *mut ffi::PyObject) -> c_int {
            // SAFETY: forwarded.
            (unsafe { type_flags(obj) } & ffi::$flag != 0) as c_int
        }
    )*};
}

flag_checks! {
    /// `PyList_Check`.
    list_check => Py_TPFLAGS_LIST_SUBCLASS,
    /// `PyTuple_Check`.
    tuple_check => Py_TPFLAGS_TUPLE_SUBCLASS,
    /// `PyBytes_Check`.
    bytes_check => Py_TPFLAGS_BYTES_SUBCLASS,
    /// `PyUnicode_Check`.
    unicode_check => Py_TPFLAGS_UNICODE_SUBCLASS,
    /// `PyDict_Check`.
    dict_check => Py_TPFLAGS_DICT_SUBCLASS,
    /// `PyType_Check`.
    type_check => Py_TPFLAGS_TYPE_SUBCLASS,
    /// `PyExceptionInstance_Check`: by the object's real type, so a `__class__` property
    /// cannot make a non-exception pass (as it can with `isinstance`).
    exception_instance_check => Py_TPFLAGS_BASE_EXC_SUBCLASS,
}

/// `PyExceptionClass_Check`: `obj` is `BaseException` or a subclass of it.
///
/// # Safety
/// `obj` must be a valid object.
#[inline]
pub unsafe fn exception_class_check(obj: *mut ffi::PyObject) -> bool {
    // SAFETY: a valid object; its flags are read only when it is a type object.
    unsafe {
        type_check(obj) != 0
            && ffi::PyType_GetFlags(obj.cast()) & ffi::Py_TPFLAGS_BASE_EXC_SUBCLASS != 0
    }
}

/// `PyByteArray_Check`.
///
/// # Safety
/// `obj` must be a valid object.
#[inline]
pub unsafe fn bytearray_check(obj: *mut ffi::PyObject) -> c_int {
    // SAFETY: a valid object and a static type.
    unsafe { ffi::PyType_IsSubtype(py_type(obj), &raw mut ffi::PyByteArray_Type) }
}

/// `PyModule_Check`.
///
/// # Safety
/// `obj` must be a valid object.
#[inline]
pub unsafe fn module_check(obj: *mut ffi::PyObject) -> c_int {
    // SAFETY: a valid object and a static type.
    unsafe { ffi::PyType_IsSubtype(py_type(obj), &raw mut ffi::PyModule_Type) }
}

/// `PyModule_GetToken` (3.15): the module's `Py_mod_token`, or `None` on interpreters
/// that do not have tokens (before 3.15) or for a module without one.
///
/// # Safety
/// `module` must be a valid object.
pub(crate) unsafe fn module_token(module: *mut ffi::PyObject) -> Option<*mut c_void> {
    type GetTokenFn = unsafe extern "C" fn(*mut ffi::PyObject, *mut *mut c_void) -> c_int;
    let f = MODULE_GET_TOKEN.load(Ordering::Relaxed);
    if f.is_null() {
        return None;
    }
    let mut token = core::ptr::null_mut();
    // SAFETY: resolved in `init`; a valid module pointer.
    let rc = unsafe {
        let f: GetTokenFn = core::mem::transmute(f);
        f(module, &mut token)
    };
    if rc < 0 {
        // SAFETY: attached; the call raised (not a module).
        unsafe { ffi::PyErr_Clear() };
        return Some(core::ptr::null_mut());
    }
    Some(token)
}

/// `PyType_GetModuleByToken` (3.15): the module with `token` that defines `tp` or the
/// nearest of its bases, *borrowed* (the type keeps it alive), or NULL with an error set;
/// `None` on interpreters without module tokens (before 3.15).
///
/// # Safety
/// Attached; `tp` must be a valid type.
pub(crate) unsafe fn type_module_by_token(
    tp: *mut ffi::PyTypeObject,
    token: *const c_void,
) -> Option<*mut ffi::PyObject> {
    type ByTokenFn =
        unsafe extern "C" fn(*mut ffi::PyTypeObject, *const c_void) -> *mut ffi::PyObject;
    let f = TYPE_MODULE_BY_TOKEN.load(Ordering::Relaxed);
    if f.is_null() {
        return None;
    }
    // SAFETY: resolved in `init`; it returns a new reference or NULL. The module stays
    // alive while the type does (the type holds it), so the reference is released at once.
    unsafe {
        let f: ByTokenFn = core::mem::transmute(f);
        let module = f(tp, token);
        if !module.is_null() {
            ffi::Py_DecRef(module);
        }
        Some(module)
    }
}

/// `PyModule_GetDef` (for the `PyInit_` path, before 3.15): the module's definition, or NULL (maybe
/// with an error set) when it has none.
///
/// # Safety
/// `module` must be a valid object.
pub(crate) unsafe fn module_get_def(module: *mut ffi::PyObject) -> *mut c_void {
    type GetDefFn = unsafe extern "C" fn(*mut ffi::PyObject) -> *mut c_void;
    let f = MODULE_GET_DEF.load(Ordering::Relaxed);
    if f.is_null() {
        return core::ptr::null_mut();
    }
    // SAFETY: resolved in `init`.
    unsafe {
        let f: GetDefFn = core::mem::transmute(f);
        f(module)
    }
}

/// `PyType_GetModuleByDef` (for the `PyInit_` path, looked up like `PyModule_GetDef`):
/// the module made from `def` that defines `tp` or the nearest of its bases, borrowed, or
/// NULL with an error set.
///
/// # Safety
/// Attached; `tp` must be a valid type and `def` a definition CPython initialised.
pub(crate) unsafe fn type_module_by_def(
    tp: *mut ffi::PyTypeObject,
    def: *mut c_void,
) -> *mut ffi::PyObject {
    type ByDefFn = unsafe extern "C" fn(*mut ffi::PyTypeObject, *mut c_void) -> *mut ffi::PyObject;
    let f = TYPE_MODULE_BY_DEF.load(Ordering::Relaxed);
    if f.is_null() {
        // Every CPython since 3.9 has it; without it no type is found by definition.
        return core::ptr::null_mut();
    }
    // SAFETY: resolved in `init`; the caller's promises.
    unsafe {
        let f: ByDefFn = core::mem::transmute(f);
        f(tp, def)
    }
}
