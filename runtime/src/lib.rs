//! # abide
//!
//! Write CPython extension modules in Rust that abide by Python's Stable ABI.
//!
//! An abide extension is built once, for `abi3t` (PEP 803): the same `name.abi3t.so`
//! loads on CPython 3.15 and later, with or without the GIL. The module is exported
//! through `PyModExport_<name>` (PEP 793) as a static slot table; the runtime reaches
//! nothing outside the Limited API, so neither can your code by accident.
//!
//! ```no_run
//! use abide::prelude::*;
//!
//! /// Adds two integers.
//! #[pyfunction]
//! fn add(a: i64, b: i64) -> i64 {
//!     a + b
//! }
//!
//! #[pyfunction(signature = (name, *, greeting = "Hello"))]
//! fn greet(name: &str, greeting: &str) -> String {
//!     format!("{greeting}, {name}!")
//! }
//!
//! #[pymodule]
//! fn hello(m: &Module<'_>) -> PyResult<()> {
//!     m.add_function(wrap_pyfunction!(add))?;
//!     m.add_function(wrap_pyfunction!(greet))?;
//!     Ok(())
//! }
//! ```

#![warn(missing_docs)]

#[cfg(abide_wrong_abi)]
compile_error!(
    "abide targets the abi3t Stable ABI, but pyo3-ffi was configured for another ABI. \
     Set PYO3_NO_PYTHON=1 and PYO3_BUILD_EXTENSION_MODULE=1 (e.g. in .cargo/config.toml \
     under [env]), or build with a CPython 3.15+ interpreter as PYO3_PYTHON."
);

pub mod class;
#[doc(hidden)]
pub mod compat;
pub mod conversion;
mod convert;
pub mod custom_exception;
pub mod err;
pub mod exceptions;
pub mod ffi;
#[doc(hidden)]
pub mod impl_;
pub mod object;
pub mod panic;
pub mod python;
pub mod types;

#[doc(hidden)]
pub use inventory;

pub use abide_macros::{pyclass, pyfunction, pymethods, pymodule, wrap_pyfunction};
pub use class::{PyClass, PyRef, PyRefMut};
pub use conversion::{FromPyObject, IntoPyObject};
pub use err::{PyErr, PyResult};
pub use object::{Borrowed, Object, Py, PyAny, PyAnyMethods};
pub use python::Python;

/// Everything a typical extension needs: `use abide::prelude::*;`.
pub mod prelude {
    pub use crate::class::{PyClass, PyRef, PyRefMut};
    pub use crate::conversion::{FromPyObject, IntoPyObject};
    pub use crate::err::{PyErr, PyResult};
    pub use crate::object::{Borrowed, Object, Py, PyAny, PyAnyMethods};
    pub use crate::python::Python;
    pub use crate::types::{Dict, List, Module, Tuple, TypeObject};
    pub use abide_macros::{pyclass, pyfunction, pymethods, pymodule, wrap_pyfunction};
}
