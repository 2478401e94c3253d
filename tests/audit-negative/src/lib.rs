//! The symbol audit's negative control (see `tests/tests/symbol_audit.rs`): an extension
//! that breaks each rule of the audit exactly once. It is built, never loaded.

use std::ffi::c_void;

unsafe extern "C" {
    /// Not in the stable ABI at all (a private CPython function).
    fn _PyObject_GetDictPtr(obj: *mut c_void) -> *mut *mut c_void;
    /// In the stable ABI only from 3.16, after the 3.15 target.
    fn Py_HashBuffer(ptr: *const c_void, len: isize) -> isize;
    /// In the stable ABI for old binaries only; not declared by the abi3t headers.
    fn PySys_HasWarnOptions() -> i32;
    /// In the stable ABI from 3.12 (PEP 697): fine for 3.15+, too new for a library
    /// that must load on 3.11.
    fn PyObject_GetTypeData(obj: *mut c_void, cls: *mut c_void) -> *mut c_void;
}

/// The PEP 793 entry point the audit requires (it returns nothing usable).
///
/// # Safety
/// Never called: the library exists to be inspected.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModExport_audit_negative(spec: *mut c_void) -> *mut c_void {
    // SAFETY: never called (see above); the calls only create the imports.
    unsafe {
        let dict = _PyObject_GetDictPtr(PyObject_GetTypeData(spec, spec));
        let hash = Py_HashBuffer(spec, PySys_HasWarnOptions() as isize);
        dict.cast::<u8>().wrapping_offset(hash).cast()
    }
}

/// An abi3t-only library must not export a `PyInit_` entry point.
///
/// # Safety
/// Never called.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_audit_negative() -> *mut c_void {
    std::ptr::null_mut()
}

/// Nor one for a module whose name is not ASCII (`négatif`: `PyInitU_` and its Punycode).
///
/// # Safety
/// Never called.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInitU_ngatif_bva() -> *mut c_void {
    std::ptr::null_mut()
}
