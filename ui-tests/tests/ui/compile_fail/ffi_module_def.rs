//! A `PyModuleDef` with `PyModuleDef_HEAD_INIT`: `PyModuleDef` embeds a `PyObject` header,
//! so it is opaque under abi3t; write `#[pymodule]`, which exports `PyModExport_<name>`.

use abide::ffi;

static mut MODULE_DEF: ffi::PyModuleDef = ffi::PyModuleDef {
    m_base: ffi::PyModuleDef_HEAD_INIT,
    m_name: c"hello".as_ptr(),
    m_doc: std::ptr::null(),
    m_size: 0,
    m_methods: std::ptr::null_mut(),
    m_slots: std::ptr::null_mut(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

fn main() {}
