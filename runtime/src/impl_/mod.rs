//! Support code for the items that abide's macros generate. Not a public API: its
//! contents may change in any release.
//!
//! - [`convention`]: the calling conventions, which make every `extern "C"` function
//!   CPython calls from the bodies the macros write.
//! - [`args`], [`param`]: the argument parser and what parameters receive; [`ret`]: what
//!   results become.
//! - [`class`], [`function`], [`module`], [`legacy_module`]: the tables `#[pyclass]`,
//!   `#[pymethods]`, `#[pyfunction]` and `#[pymodule]` emit; [`declarative`]: what a
//!   `#[pymodule] mod` adds its items with.
//!
//! Many traits here exist for their compile error: the generated code passes values
//! through them spanned at the user's own tokens (a return type, a parameter type, a
//! function name), so that a type that does not fit is reported where the user wrote it,
//! saying what to write instead (`#[diagnostic::on_unimplemented]`). Each forwards to the
//! real conversion; `#[diagnostic::do_not_recommend]` on the forwarding impl keeps rustc
//! from reporting the inner bound instead of the message.

pub mod args;
pub mod class;
pub mod context;
pub mod convention;
pub mod declarative;
pub mod derive;
pub mod function;
pub mod hint;
pub mod legacy_module;
pub mod module;
pub mod param;
pub mod ret;
pub mod stubs;
pub mod text;
pub mod trampoline;

use core::ffi::CStr;

/// A C string from a NUL-terminated byte literal, checked at compile time.
pub const fn cstr(bytes: &'static [u8]) -> &'static CStr {
    match CStr::from_bytes_with_nul(bytes) {
        Ok(s) => s,
        Err(_) => panic!("abide: generated string is not NUL-terminated or contains NUL"),
    }
}
