//! Reading `ob_size` through `PyVarObject`: opaque under abi3t; use the type's size
//! function (`ffi::PyTuple_Size`, `ffi::PyList_Size`, `ffi::PyObject_Size`).

use abide::ffi;

unsafe fn size(obj: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    unsafe { (*obj.cast::<ffi::PyVarObject>()).ob_size }
}

fn main() {}
