//! PENDING (compiles today). A hand-written `PyInit_hello` next to `#[pymodule] fn hello`
//! builds a library that exports both `PyModExport_hello` and `PyInit_hello`; an abi3t
//! module must have no `PyInit_` (the symbol audit would catch it in a built example, but
//! not at compile time). Proposed: `#[pymodule]` also emits a hidden, non-exported item
//! named `PyInit_<name>` in the same module (e.g. a private `const`), so this becomes
//! "the name `PyInit_hello` is defined multiple times" at the user's function, ideally
//! with a note "abi3t modules are exported as `PyModExport_hello` by #[pymodule]; remove
//! `PyInit_hello`".

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
