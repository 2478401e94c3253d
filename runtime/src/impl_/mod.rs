//! Support code for the items that abide's macros generate. Not a public API: its
//! contents may change in any release.

pub mod args;
pub mod class;
pub mod convention;
pub mod diagnostics;
pub mod function;
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
