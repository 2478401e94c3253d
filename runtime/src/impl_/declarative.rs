//! What declarative modules (`#[pymodule] mod m { ... }`) emit. Each item the module
//! exports (a `#[pymodule_export] use`, and each `#[pyfunction]`, `#[pyclass]` and nested
//! `#[pymodule]` declared inside) is added to the module by one call,
//! `item::__abide_export(m)`, whatever the item is:
//!
//! - for a type (a `#[pyclass]`, a `create_exception!` class, the hidden type of a
//!   `#[pyfunction]` or of a `#[pymodule]` function), [`ExportAny`] answers the call and
//!   [`Export`] picks the kind of item from the type (the `Kind` parameter is inferred:
//!   exactly one impl applies);
//! - for a `#[pymodule] mod`, the macro put a function `__abide_export` in the module.
//!
//! An item that is none of these fails the `Export` bound, whose message lists what
//! `#[pymodule_export]` takes, at the user's tokens.

use crate::class::PyClass;
use crate::custom_exception::CustomException;
use crate::err::PyResult;
use crate::impl_::function::PyFunction;
use crate::object::PyAnyMethods;
use crate::types::Module;
use core::ffi::CStr;

/// The kinds of item a module exports (the `Kind` of [`Export`]).
pub mod kind {
    pub struct Class;
    pub struct Exception;
    pub struct Function;
    pub struct Submodule;
}

/// An item a declarative module can export: a function, a class, an exception or a
/// module.
#[diagnostic::on_unimplemented(
    message = "#[pymodule_export] cannot export this item",
    label = "not a #[pyfunction], #[pyclass], `create_exception!` class or #[pymodule]",
    note = "#[pymodule_export] takes `use` of a #[pyfunction], a #[pyclass], an exception \
            declared with `create_exception!` or a #[pymodule], or a `const` item"
)]
pub trait Export<Kind> {
    /// Adds the item to `module`.
    fn export(module: &Module<'_>) -> PyResult<()>;
}

#[diagnostic::do_not_recommend]
impl<T: PyClass> Export<kind::Class> for T {
    fn export(module: &Module<'_>) -> PyResult<()> {
        module.add_class::<T>()
    }
}

#[diagnostic::do_not_recommend]
impl<T: CustomException> Export<kind::Exception> for T {
    fn export(module: &Module<'_>) -> PyResult<()> {
        module.add_exception::<T>().map(drop)
    }
}

#[diagnostic::do_not_recommend]
impl<T: PyFunction> Export<kind::Function> for T {
    fn export(module: &Module<'_>) -> PyResult<()> {
        module.add_function(T::def())
    }
}

#[diagnostic::do_not_recommend]
impl<T: Submodule> Export<kind::Submodule> for T {
    fn export(module: &Module<'_>) -> PyResult<()> {
        add_submodule(module, T::NAME, T::DOC, T::body)
    }
}

/// A `#[pymodule]` function, through the hidden type the macro declares under its name,
/// so that another module can export it as a submodule.
pub trait Submodule {
    /// The module's Python name (the last part of its dotted name).
    const NAME: &'static str;
    /// Its docstring (empty for none).
    const DOC: &'static CStr;
    /// Fills the module in (runs the user's function).
    fn body(module: &Module<'_>) -> PyResult<()>;
}

/// `item::__abide_export(m)` for any type; the [`Export`] bound says whether the type
/// can be exported.
pub trait ExportAny {
    fn __abide_export<Kind>(module: &Module<'_>) -> PyResult<()>
    where
        Self: Export<Kind>;
}

impl<T> ExportAny for T {
    #[inline(always)]
    fn __abide_export<Kind>(module: &Module<'_>) -> PyResult<()>
    where
        Self: Export<Kind>,
    {
        <T as Export<Kind>>::export(module)
    }
}

/// Makes the submodule `name` of `parent` (its `__name__` is the parent's followed by
/// `.name`), fills it in with `body`, and adds it to the parent and to `sys.modules`, so
/// `import parent.name` and `from parent.name import x` work.
pub fn add_submodule(
    parent: &Module<'_>,
    name: &str,
    doc: &CStr,
    body: for<'py> fn(&Module<'py>) -> PyResult<()>,
) -> PyResult<()> {
    let full = format!("{}.{name}", parent.name()?);
    let sub = Module::new(parent.py(), &full)?;
    if !doc.is_empty() {
        let doc = doc
            .to_str()
            .map_err(|_| crate::exceptions::PyValueError::new_err("doc is not UTF-8"))?;
        sub.as_object().setattr("__doc__", doc)?;
    }
    body(&sub)?;
    parent.add_submodule(&sub)
}
