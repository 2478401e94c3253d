//! `PyList_Extend` (3.13) is not in the Limited API, although pyo3-ffi declares it there;
//! `abide::ffi` hides it.

use abide::ffi;

unsafe fn extend(list: *mut ffi::PyObject, items: *mut ffi::PyObject) -> i32 {
    unsafe { ffi::PyList_Extend(list, items) }
}

fn main() {}
