//! A static type object: `PyTypeObject` is opaque in the Limited API; create heap types
//! with `PyType_FromSpec` (or `#[pyclass]`).

use abide::ffi;

static mut POINT_TYPE: ffi::PyTypeObject = ffi::PyTypeObject {
    tp_name: c"geometry.Point".as_ptr(),
    tp_basicsize: 32,
    ..unsafe { std::mem::zeroed() }
};

fn main() {}
