//! `PyMutex` is not in the Limited API: use `ffi::PyCriticalSection_Begin`/`End`, or a Rust
//! `std::sync::Mutex`.

use abide::ffi;

unsafe fn lock(m: *mut ffi::PyMutex) {
    unsafe { ffi::PyMutex_Lock(m) }
}

fn main() {}
