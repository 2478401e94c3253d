//! A `PyMutex` field: the type is only an opaque name in the Limited API (for
//! `PyCriticalSection`); it cannot be created or locked. Use `ffi::PyCriticalSection_Begin`
//! or a Rust `std::sync::Mutex`.

use abide::ffi;

struct Counter {
    lock: ffi::PyMutex,
    value: u64,
}

fn new_counter() -> Counter {
    Counter {
        lock: ffi::PyMutex::new(),
        value: 0,
    }
}

fn main() {}
