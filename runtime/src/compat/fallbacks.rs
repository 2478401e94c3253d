//! The functions abide needs that are newer than CPython 3.11, each with the older
//! equivalent used where the running interpreter lacks it.
//!
//! | function                          | in the stable ABI | below that                            |
//! |-----------------------------------|-------------------|---------------------------------------|
//! | `PyErr_GetRaisedException`/`Set…` | 3.12              | `PyErr_Fetch`/`Normalize`/`Restore`   |
//! | `PyObject_Vectorcall`             | 3.12              | the same function (exported since 3.9), else `PyObject_Call` |
//! | `PyType_FromMetaclass`            | 3.12              | `PyType_FromModuleAndSpec` (3.10)     |
//! | `PyObject_GetTypeData` (PEP 697)  | 3.12              | an offset fixed at class creation (see `class::extras`) |
//! | `PyDict_GetItemRef`/`…StringRef`  | 3.13              | `PyDict_GetItemWithError` + a new reference (GIL builds only) |
//!
//! Each is resolved once, in [`super::init`]; a call through the pointer costs what a
//! call through the PLT does.

use super::lookup;
use crate::ffi;
use core::ffi::{c_char, c_int, c_void};
use core::sync::atomic::{AtomicPtr, Ordering};

// The stable-ABI functions (3.2) that stand in below 3.12; declared here because the
// headers mark them deprecated.
unsafe extern "C" {
    fn PyErr_Fetch(
        ptype: *mut *mut ffi::PyObject,
        pvalue: *mut *mut ffi::PyObject,
        ptraceback: *mut *mut ffi::PyObject,
    );
    fn PyErr_NormalizeException(
        ptype: *mut *mut ffi::PyObject,
        pvalue: *mut *mut ffi::PyObject,
        ptraceback: *mut *mut ffi::PyObject,
    );
    fn PyErr_Restore(
        ptype: *mut ffi::PyObject,
        pvalue: *mut ffi::PyObject,
        ptraceback: *mut ffi::PyObject,
    );
}

static GET_RAISED: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static SET_RAISED: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static VECTORCALL: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static FROM_METACLASS: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static TYPE_DATA: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());
static DICT_GET_ITEM_REF: AtomicPtr<c_void> = AtomicPtr::new(core::ptr::null_mut());

type GetRaisedFn = unsafe extern "C" fn() -> *mut ffi::PyObject;
type SetRaisedFn = unsafe extern "C" fn(*mut ffi::PyObject);
type VectorcallFn = unsafe extern "C" fn(
    *mut ffi::PyObject,
    *const *mut ffi::PyObject,
    usize,
    *mut ffi::PyObject,
) -> *mut ffi::PyObject;
type FromMetaclassFn = unsafe extern "C" fn(
    *mut ffi::PyTypeObject,
    *mut ffi::PyObject,
    *mut ffi::PyType_Spec,
    *mut ffi::PyObject,
) -> *mut ffi::PyObject;
type TypeDataFn = unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyTypeObject) -> *mut c_void;
type DictGetItemRefFn =
    unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject, *mut *mut ffi::PyObject) -> c_int;

/// Looks the functions up (from [`super::init`]).
pub(super) fn init() {
    lookup(c"PyErr_GetRaisedException", &GET_RAISED);
    lookup(c"PyErr_SetRaisedException", &SET_RAISED);
    lookup(c"PyObject_Vectorcall", &VECTORCALL);
    lookup(c"PyType_FromMetaclass", &FROM_METACLASS);
    lookup(c"PyObject_GetTypeData", &TYPE_DATA);
    lookup(c"PyDict_GetItemRef", &DICT_GET_ITEM_REF);
}

/// `PyErr_GetRaisedException`: takes the raised exception (a new reference, normalised,
/// with its traceback), or NULL, and clears the error indicator.
///
/// # Safety
/// Attached.
#[inline]
pub unsafe fn get_raised_exception() -> *mut ffi::PyObject {
    let f = GET_RAISED.load(Ordering::Relaxed);
    // SAFETY: attached; the pointer is the C function when set.
    unsafe {
        if !f.is_null() {
            let f: GetRaisedFn = core::mem::transmute(f);
            return f();
        }
        fetch_normalized()
    }
}

/// [`get_raised_exception`] before 3.12 (out of line: it is rarely run and would
/// otherwise be copied into every class's deallocator).
#[cold]
#[inline(never)]
unsafe fn fetch_normalized() -> *mut ffi::PyObject {
    // SAFETY: attached (the caller's promise).
    unsafe {
        let (mut ty, mut value, mut tb) = (
            core::ptr::null_mut(),
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        );
        PyErr_Fetch(&mut ty, &mut value, &mut tb);
        if ty.is_null() {
            return core::ptr::null_mut();
        }
        PyErr_NormalizeException(&mut ty, &mut value, &mut tb);
        if !tb.is_null() && !value.is_null() {
            ffi::PyException_SetTraceback(value, tb);
        }
        ffi::Py_DecRef(ty);
        ffi::Py_DecRef(tb);
        value
    }
}

/// `PyErr_SetRaisedException`: raises `exc` (stolen; NULL clears the indicator).
///
/// # Safety
/// Attached; `exc` is NULL or an exception instance.
#[inline]
pub unsafe fn set_raised_exception(exc: *mut ffi::PyObject) {
    let f = SET_RAISED.load(Ordering::Relaxed);
    // SAFETY: attached; the pointer is the C function when set.
    unsafe {
        if !f.is_null() {
            let f: SetRaisedFn = core::mem::transmute(f);
            return f(exc);
        }
        restore(exc)
    }
}

/// [`set_raised_exception`] before 3.12 (out of line, as [`fetch_normalized`]).
#[cold]
#[inline(never)]
unsafe fn restore(exc: *mut ffi::PyObject) {
    // SAFETY: attached; PyErr_Restore steals the three references.
    unsafe {
        if exc.is_null() {
            PyErr_Restore(
                core::ptr::null_mut(),
                core::ptr::null_mut(),
                core::ptr::null_mut(),
            );
            return;
        }
        let ty = super::py_type(exc).cast::<ffi::PyObject>();
        ffi::Py_IncRef(ty);
        PyErr_Restore(ty, exc, ffi::PyException_GetTraceback(exc));
    }
}

/// `PyObject_Vectorcall`.
///
/// # Safety
/// As for the C function: attached, `args` holds `PyVectorcall_NARGS(nargsf)` positional
/// arguments followed by one per name in `kwnames` (a tuple of `str`, or NULL).
#[inline]
pub unsafe fn vectorcall(
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let f = VECTORCALL.load(Ordering::Relaxed);
    // SAFETY: the C function when set; else the same call through tuple and dict.
    unsafe {
        if !f.is_null() {
            let f: VectorcallFn = core::mem::transmute(f);
            return f(callable, args, nargsf, kwnames);
        }
        call_with_tuple(callable, args, nargsf, kwnames)
    }
}

/// The vectorcall `args`/`kwnames` as a tuple and a dict, for `PyObject_Call`.
#[cold]
unsafe fn call_with_tuple(
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    const OFFSET: usize = 1 << (usize::BITS - 1);
    let nargs = (nargsf & !OFFSET) as ffi::Py_ssize_t;
    // SAFETY: per the caller; every reference made here is released.
    unsafe {
        let tuple = ffi::PyTuple_New(nargs);
        if tuple.is_null() {
            return core::ptr::null_mut();
        }
        for i in 0..nargs {
            let item = *args.offset(i);
            ffi::Py_IncRef(item);
            ffi::PyTuple_SetItem(tuple, i, item);
        }
        let mut kwargs = core::ptr::null_mut();
        if !kwnames.is_null() {
            kwargs = ffi::PyDict_New();
            if kwargs.is_null() {
                ffi::Py_DecRef(tuple);
                return core::ptr::null_mut();
            }
            for i in 0..ffi::PyTuple_Size(kwnames) {
                let name = ffi::PyTuple_GetItem(kwnames, i);
                if ffi::PyDict_SetItem(kwargs, name, *args.offset(nargs + i)) < 0 {
                    ffi::Py_DecRef(tuple);
                    ffi::Py_DecRef(kwargs);
                    return core::ptr::null_mut();
                }
            }
        }
        let result = ffi::PyObject_Call(callable, tuple, kwargs);
        ffi::Py_DecRef(tuple);
        ffi::Py_DecRef(kwargs);
        result
    }
}

/// Whether instances can carry PEP 697 type data (`PyObject_GetTypeData`, negative
/// `basicsize`): 3.12+. Below, a class lays its data out after its base itself.
#[inline(always)]
pub fn has_type_data() -> bool {
    !TYPE_DATA.load(Ordering::Relaxed).is_null()
}

/// `PyObject_GetTypeData`.
///
/// # Safety
/// As for the C function; only call when [`has_type_data`].
#[inline(always)]
pub unsafe fn type_data(obj: *mut ffi::PyObject, cls: *mut ffi::PyTypeObject) -> *mut c_void {
    // SAFETY: resolved in `init` (the caller checked `has_type_data`).
    unsafe {
        let f: TypeDataFn = core::mem::transmute(TYPE_DATA.load(Ordering::Relaxed));
        f(obj, cls)
    }
}

/// `PyType_FromMetaclass(NULL, module, spec, base)` on 3.12+, and
/// `PyType_FromModuleAndSpec(module, spec, base)` below (the same without a metaclass,
/// which abide never passes). Below 3.12 `spec` must have a positive `basicsize`.
///
/// # Safety
/// Attached; a complete spec, a module and a base type (or NULL).
pub unsafe fn type_from_spec(
    module: *mut ffi::PyObject,
    spec: *mut ffi::PyType_Spec,
    base: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let f = FROM_METACLASS.load(Ordering::Relaxed);
    // SAFETY: forwarded.
    unsafe {
        if !f.is_null() {
            let f: FromMetaclassFn = core::mem::transmute(f);
            return f(core::ptr::null_mut(), module, spec, base);
        }
        ffi::PyType_FromModuleAndSpec(module, spec, base)
    }
}

/// `PyDict_GetItemRef`: 1 and a new reference in `*out` when `key` is in `dict`, 0 and
/// NULL when not, -1 with an exception.
///
/// # Safety
/// Attached; `dict` is a `dict`, `key` an object.
#[inline]
pub unsafe fn dict_get_item_ref(
    dict: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
    out: *mut *mut ffi::PyObject,
) -> c_int {
    let f = DICT_GET_ITEM_REF.load(Ordering::Relaxed);
    // SAFETY: the C function when set.
    unsafe {
        if !f.is_null() {
            let f: DictGetItemRefFn = core::mem::transmute(f);
            return f(dict, key, out);
        }
        get_item_with_error(dict, key, out)
    }
}

/// [`dict_get_item_ref`] before 3.13, where only GIL builds load abide: the borrowed
/// item stays valid until the new reference is taken.
#[cold]
#[inline(never)]
unsafe fn get_item_with_error(
    dict: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
    out: *mut *mut ffi::PyObject,
) -> c_int {
    // SAFETY: attached; a dict and a key (the caller's promises).
    unsafe {
        let item = ffi::PyDict_GetItemWithError(dict, key);
        if item.is_null() {
            *out = core::ptr::null_mut();
            return if ffi::PyErr_Occurred().is_null() {
                0
            } else {
                -1
            };
        }
        ffi::Py_IncRef(item);
        *out = item;
        1
    }
}

/// `PyDict_GetItemStringRef`: [`dict_get_item_ref`] with a UTF-8 key.
///
/// # Safety
/// As for [`dict_get_item_ref`]; `key` is a NUL-terminated UTF-8 string.
pub unsafe fn dict_get_item_string_ref(
    dict: *mut ffi::PyObject,
    key: *const c_char,
    out: *mut *mut ffi::PyObject,
) -> c_int {
    // SAFETY: forwarded; the key object is released.
    unsafe {
        let key = ffi::PyUnicode_FromString(key);
        if key.is_null() {
            *out = core::ptr::null_mut();
            return -1;
        }
        let rc = dict_get_item_ref(dict, key, out);
        ffi::Py_DecRef(key);
        rc
    }
}
