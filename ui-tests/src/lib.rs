//! The trybuild cases live in `tests/ui/`; see `tests/ui.rs`.
//!
//! Compile-pass cases with `#[pymethods]` are compiled here instead, as modules of this
//! library: `#[pymethods]` registers its table through `inventory`, whose constructors
//! keep the methods, and so their CPython calls, alive in any linked binary, and a
//! trybuild binary has no interpreter to resolve them against. An rlib is never linked,
//! so `cargo build` checks these cases as an extension module's crate would be checked.
#[path = "../tests/ui/pass_lib/classes.rs"]
mod classes;
#[path = "../tests/ui/pass_lib/data_enums.rs"]
mod data_enums;
#[path = "../tests/ui/pass_lib/method_forms.rs"]
mod method_forms;

#[path = "../tests/ui/pass_lib/async_forms.rs"]
mod async_forms;
#[path = "../tests/ui/pass_lib/builtin_bases.rs"]
mod builtin_bases;
#[path = "../tests/ui/pass_lib/derives.rs"]
mod derives;
