//! The traits whose job is a readable compile error, under the paths the macros name
//! them by. Each one now lives next to the code it belongs with; this module only
//! re-exports them.
//!
//! The code the macros generate passes values through these traits, spanned at the user's
//! own tokens (a return type, a parameter type, a function name), so that a type that does
//! not fit is reported where the user wrote it, saying what to write instead
//! (`#[diagnostic::on_unimplemented]`). Each one forwards to the real conversion;
//! `#[diagnostic::do_not_recommend]` on the forwarding impl keeps rustc from reporting the
//! inner bound instead of the message.

/// `#[new]`'s result, `&mut self` on a frozen class, and `#[py(get)]` fields.
pub use super::class::{FieldGet, Mutable, NewValue, assert_mutable, new_instance};
/// `wrap_pyfunction!`'s lookup of a `#[pyfunction]`.
pub use super::function::{PyFunction, function_def};
/// The parameter and the result of a `#[pymodule]` function.
pub use super::module::{ModuleParam, ModuleResult};
/// The Rust parameters that receive `*args` and `**kwargs`.
pub use super::param::{FromVarargs, FromVarkw};
/// The error type of a returned `Result`, and what special methods return.
pub use super::ret::{
    BoolReturn, HashReturn, InplaceReturn, IntoPyErr, IterNextReturn, LenReturn, UnitReturn,
};
