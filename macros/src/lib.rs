//! Procedural macros of abide. Each entry point parses its input, validates it (collecting
//! every error), and expands it; on errors it emits a fallback so the user sees the real
//! problem and not a cascade. See the `abide` crate for documentation.

#![deny(clippy::undocumented_unsafe_blocks)]

mod attr;
mod callable;
mod ctx;
mod derive;
mod docs;
mod fallback;
mod lifetimes;
mod pyclass;
mod pyfunction;
mod pymethods;
mod pymodule;
mod signature;
mod span;
mod stub;
mod text;
mod wrap;

use proc_macro::TokenStream;

/// Makes a Rust function callable from Python. See `abide::pyfunction`.
#[proc_macro_attribute]
pub fn pyfunction(attr: TokenStream, item: TokenStream) -> TokenStream {
    pyfunction::pyfunction(attr.into(), item.into()).into()
}

/// Turns a function into a module's initialiser and exports `PyModExport_<name>`.
#[proc_macro_attribute]
pub fn pymodule(attr: TokenStream, item: TokenStream) -> TokenStream {
    pymodule::pymodule(attr.into(), item.into()).into()
}

/// Exposes a struct to Python as a class. See `abide::pyclass`.
#[proc_macro_attribute]
pub fn pyclass(attr: TokenStream, item: TokenStream) -> TokenStream {
    pyclass::pyclass(attr.into(), item.into()).into()
}

/// Exposes an `impl` block's methods on a `#[pyclass]`. See `abide::pymethods`.
#[proc_macro_attribute]
pub fn pymethods(attr: TokenStream, item: TokenStream) -> TokenStream {
    pymethods::pymethods(attr.into(), item.into()).into()
}

/// The definition of a `#[pyfunction]`, for `Module::add_function`.
#[proc_macro]
pub fn wrap_pyfunction(input: TokenStream) -> TokenStream {
    wrap::wrap_pyfunction(input.into()).into()
}

/// Derives `FromPyObject`. See `abide::FromPyObject` (the derive macro).
#[proc_macro_derive(FromPyObject, attributes(py, pyo3))]
pub fn derive_from_pyobject(input: TokenStream) -> TokenStream {
    derive::from_pyobject(input.into()).into()
}

/// Derives `IntoPyObject`. See `abide::IntoPyObject` (the derive macro).
#[proc_macro_derive(IntoPyObject, attributes(py, pyo3))]
pub fn derive_into_pyobject(input: TokenStream) -> TokenStream {
    derive::into_pyobject(input.into()).into()
}
