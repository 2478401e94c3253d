//! What raw code may do through `abide::ffi` under abi3t: the Limited API's functions in
//! place of the fields and macros that the compile-fail cases try.

use abide::ffi;
use std::ptr::null_mut;

/// `ob_refcnt` / `Py_INCREF`: through functions.
unsafe fn refcounts(obj: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    unsafe {
        ffi::Py_IncRef(obj);
        let n = ffi::Py_REFCNT(obj);
        ffi::Py_DecRef(obj);
        n
    }
}

/// `ob_type` / `ob_size`: `Py_TYPE` is a function in 3.14+; sizes come from the type's own
/// size function.
unsafe fn type_and_size(obj: *mut ffi::PyObject) -> (*mut ffi::PyTypeObject, ffi::Py_ssize_t) {
    unsafe { (ffi::Py_TYPE(obj), ffi::PyObject_Size(obj)) }
}

/// `PyTuple_GET_ITEM` / `PyList_GET_SIZE` / `PyList_Extend`: the checked functions.
unsafe fn sequences(tuple: *mut ffi::PyObject, list: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    unsafe {
        let _first = ffi::PyTuple_GetItem(tuple, 0);
        ffi::PyList_SetSlice(list, ffi::PY_SSIZE_T_MAX, ffi::PY_SSIZE_T_MAX, tuple);
        ffi::PyList_Size(list)
    }
}

/// `PyUnicode_DATA`: UTF-8 through `PyUnicode_AsUTF8AndSize`.
unsafe fn utf8(s: *mut ffi::PyObject) -> *const std::ffi::c_char {
    let mut len = 0;
    unsafe { ffi::PyUnicode_AsUTF8AndSize(s, &mut len) }
}

/// `PyMutex`: a critical section on the object (a no-op on GIL builds).
unsafe fn locked(obj: *mut ffi::PyObject) {
    let mut cs = std::mem::MaybeUninit::<ffi::PyCriticalSection>::uninit();
    unsafe {
        ffi::PyCriticalSection_Begin(cs.as_mut_ptr(), obj);
        ffi::PyCriticalSection_End(cs.as_mut_ptr());
    }
}

/// `PyModuleDef`: module state through the module object.
unsafe fn state(module: *mut ffi::PyObject) -> *mut std::ffi::c_void {
    unsafe { ffi::PyModule_GetState(module) }
}

/// A `PyType_Spec` is plain data: fine to build (heap types replace static type objects).
fn spec(slots: *mut ffi::PyType_Slot) -> ffi::PyType_Spec {
    ffi::PyType_Spec {
        name: c"geometry.Point".as_ptr(),
        basicsize: -16, // PEP 697: extend the base by 16 bytes, wherever its data ends
        itemsize: 0,
        flags: ffi::Py_TPFLAGS_DEFAULT as _,
        slots,
    }
}

fn main() {
    let _ = null_mut::<ffi::PyObject>();
}
