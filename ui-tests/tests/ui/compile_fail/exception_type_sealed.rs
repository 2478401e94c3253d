//! `PyExceptionType` is sealed: `PyErr::new::<T>` must always name a built-in exception
//! class, so a user type cannot claim to be one (its `type_object_raw` could return
//! `str`, or a dangling pointer). Own exception classes come from `create_exception!`.

use abide::exceptions::PyExceptionType;
use abide::ffi;

struct NotAnException;

impl PyExceptionType for NotAnException {
    const NAME: &'static str = "NotAnException";
    fn type_object_raw() -> *mut ffi::PyObject {
        // SAFETY: a static of the interpreter.
        unsafe { (&raw mut ffi::PyUnicode_Type).cast() }
    }
}

fn main() {}
