//! `PyModuleDef_HEAD_INIT` does not exist under abi3t.

use abide::ffi;

fn main() {
    let _base = ffi::PyModuleDef_HEAD_INIT;
}
