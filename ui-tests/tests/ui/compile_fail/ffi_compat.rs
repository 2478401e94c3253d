//! pyo3-ffi's `compat` module is hidden: it only adds paths to non-limited functions for
//! the abi3t target.

use abide::ffi;

unsafe fn clear(list: *mut ffi::PyObject) -> i32 {
    unsafe { ffi::compat::PyList_Clear(list) }
}

fn main() {}
