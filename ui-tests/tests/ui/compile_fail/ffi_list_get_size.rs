//! `PyList_GET_SIZE` reads the list's `ob_size` directly: not in the Limited API.

use abide::ffi;

unsafe fn len(list: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    unsafe { ffi::PyList_GET_SIZE(list) }
}

fn main() {}
