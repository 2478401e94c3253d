//! Writing `ob_type`: under abi3t `PyObject` is opaque; the type is read with
//! `ffi::Py_TYPE(obj)` and never written.

use abide::ffi;

unsafe fn set_type(obj: *mut ffi::PyObject, ty: *mut ffi::PyTypeObject) {
    unsafe { (*obj).ob_type = ty };
}

fn main() {}
