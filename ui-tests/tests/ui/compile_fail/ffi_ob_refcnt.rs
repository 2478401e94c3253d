//! Reading `ob_refcnt`: under abi3t `PyObject` is opaque; use `ffi::Py_REFCNT(obj)`.

use abide::ffi;

unsafe fn refcount(obj: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    unsafe { (*obj).ob_refcnt }
}

fn main() {}
