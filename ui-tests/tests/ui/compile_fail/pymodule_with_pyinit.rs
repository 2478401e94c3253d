//! A hand-written `PyInit_hello` next to `#[pymodule] fn hello`: a second, legacy entry
//! point, which an abi3t module must not have. `#[pymodule]` reserves the name, so this
//! is a "defined multiple times" error.

use abide::prelude::*;

#[pymodule]
fn hello(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInit_hello() -> *mut abide::ffi::PyObject {
    std::ptr::null_mut()
}

fn main() {}
