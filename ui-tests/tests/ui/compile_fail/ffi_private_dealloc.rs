//! `_Py_Dealloc` is private: release a reference with `ffi::Py_DecRef`.

use abide::ffi;

unsafe fn release(obj: *mut ffi::PyObject) {
    unsafe { ffi::_Py_Dealloc(obj) }
}

fn main() {}
