//! `PyTuple_GET_ITEM` reads the tuple's item array directly: not in the Limited API.

use abide::ffi;

unsafe fn first(args: *mut ffi::PyObject) -> *mut ffi::PyObject {
    unsafe { ffi::PyTuple_GET_ITEM(args, 0) }
}

fn main() {}
