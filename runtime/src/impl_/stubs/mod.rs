//! Type stubs (`.pyi`) of abide modules.
//!
//! The macros render each item's stub from what they see: `#[pyfunction]` puts a `def` in
//! its [`FunctionDef`](crate::impl_::function::FunctionDef), `#[pyclass]` and `#[pymethods]`
//! one [`StubItem`](crate::class::items::StubItem) per member in their
//! [`ClassItems`](crate::class::items::ClassItems). While a module's `Py_mod_exec` runs, the module records in its
//! state what is added to it and under which name (functions, classes, exceptions,
//! submodules, other values); `abide_module_stubs` composes the stub of the module from
//! that record, after import. Nothing is added to the module or to any Python-visible
//! place.
//!
//! The macros' text is Python except for references: `\u{1}module:Name\u{2}` is `Name`
//! imported from `module`, and `\u{1}@Ident\u{2}` the class whose Rust type is named
//! `Ident`, which becomes the class's Python name if the module has it and `Any` if not.
//!
//! All of this is compiled only with the `stubs` feature: the record, the composer and
//! the macros' stub text would otherwise add to every shipped library (70 KB for
//! `examples/hello`, and a few dozen bytes per function) for something only the stub generator (abide-build)
//! uses. Without the feature the `record_*` calls are empty and the macros' text is discarded at
//! compile time ([`FunctionDef::with_stub`](crate::impl_::function::FunctionDef::with_stub),
//! [`ClassStub::new`](crate::impl_::class::ClassStub::new)), so none of it is in the
//! binary.

#[cfg(feature = "stubs")]
mod compose;
#[cfg(feature = "stubs")]
pub use compose::abide_module_stubs;
#[cfg(feature = "stubs")]
pub(crate) use compose::{
    ClassInfo, Record, class_info, record_class, record_exception, record_function,
    record_submodule, record_value,
};

#[cfg(not(feature = "stubs"))]
mod off;
#[cfg(not(feature = "stubs"))]
pub(crate) use off::{
    record_class, record_exception, record_function, record_submodule, record_value,
};
