//! A `#[pyclass]` that embeds a `PyObject` header, C-style. Under abi3t `PyObject` is
//! opaque (and zero-sized in pyo3-ffi, so the struct would compile): abide keeps the
//! Rust value in PEP 697 type data instead.

use abide::ffi;
use abide::prelude::*;

#[pyclass]
struct Point {
    ob_base: ffi::PyObject,
    x: f64,
}

fn main() {}
