//! `PyUnicode_DATA` / `PyUnicode_KIND` expose the string's internal representation: not in
//! the Limited API.

use abide::ffi;

unsafe fn first_byte(s: *mut ffi::PyObject) -> u8 {
    unsafe { *ffi::PyUnicode_DATA(s).cast::<u8>() }
}

fn main() {}
