//! A static object with a `PyObject` header, C style: there is no `PyObject_HEAD_INIT`
//! under abi3t (the header's layout differs between GIL and free-threaded builds).
//! Objects are created by CPython (`PyType_GenericAlloc`), never by the extension.

use abide::ffi;

#[repr(C)]
struct Point {
    ob_base: ffi::PyObject,
    x: f64,
    y: f64,
}

static mut ORIGIN: Point = Point {
    ob_base: ffi::PyObject_HEAD_INIT,
    x: 0.0,
    y: 0.0,
};

fn main() {}
