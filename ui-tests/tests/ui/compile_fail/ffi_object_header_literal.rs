//! Building a `PyObject` header by hand: its fields are not part of abi3t.

use abide::ffi;

#[repr(C)]
struct Point {
    ob_base: ffi::PyObject,
    x: f64,
}

fn new_point(ty: *mut ffi::PyTypeObject, x: f64) -> Point {
    Point {
        ob_base: ffi::PyObject {
            ob_refcnt: 1,
            ob_type: ty,
        },
        x,
    }
}

fn main() {}
