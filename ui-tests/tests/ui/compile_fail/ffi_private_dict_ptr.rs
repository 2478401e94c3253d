//! A `_Py`-private function: `_PyObject_GetDictPtr` is not in the Limited API.

use abide::ffi;

unsafe fn dict(obj: *mut ffi::PyObject) -> *mut *mut ffi::PyObject {
    unsafe { ffi::_PyObject_GetDictPtr(obj) }
}

fn main() {}
