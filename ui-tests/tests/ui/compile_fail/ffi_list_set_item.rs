//! `PyList_SET_ITEM` writes the list's item array directly: not in the Limited API.

use abide::ffi;

unsafe fn fill(list: *mut ffi::PyObject, item: *mut ffi::PyObject) {
    unsafe { ffi::PyList_SET_ITEM(list, 0, item) }
}

fn main() {}
