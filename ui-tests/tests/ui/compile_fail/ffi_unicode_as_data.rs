//! `PyUnicode_AS_DATA` (long removed) is not in the Limited API either.

use abide::ffi;

unsafe fn data(s: *mut ffi::PyObject) -> *const std::ffi::c_char {
    unsafe { ffi::PyUnicode_AS_DATA(s) }
}

fn main() {}
