//! Reads `#[pymodule(...)]`'s options and what the module needs from the item (a function
//! or an inline `mod`). The checks of the item's shape are in `validate.rs`.

use crate::attr::{Given, Opt, Site};
use crate::ctx::Ctx;
use proc_macro2::{Span, TokenStream};
use syn::{Attribute, Ident, LitBool, LitStr};

/// What `#[pymodule]` needs to know about the module.
pub struct Parsed {
    /// The Python name of the module (the last part of its dotted name).
    pub name: String,
    /// Where that name is written (the `name = "..."` string, or the item's name).
    pub name_span: Span,
    pub doc: crate::docs::Doc,
    /// `gil_used = true`: the module needs the GIL (`Py_mod_gil` is `Py_MOD_GIL_USED`).
    pub gil_used: bool,
    /// `submodule`, or nested in a declarative module: no entry points of its own.
    pub submodule: bool,
    /// The options as written, for the checks that depend on where the module is.
    pub given: Given,
}

/// The options of `#[pymodule(...)]`.
#[derive(Default)]
pub struct ModuleOptions {
    pub name: Option<LitStr>,
    pub gil_used: Option<LitBool>,
    pub submodule: bool,
}

/// What `#[pymodule(...)]` accepts, and where each option goes.
const MODULE: Site<ModuleOptions> = Site {
    name: "`#[pymodule]`",
    options: &[
        Opt::str("name", |o, v| o.name = Some(v)),
        Opt::bool("gil_used", |o, v| o.gil_used = Some(v)),
        Opt::flag("submodule", |o, _| o.submodule = true),
    ],
    rejected: &[
        (
            "module",
            "abide takes the `__module__` of a module's classes from the module's `__name__` \
             when it is imported (`pkg.ext.sub` for the submodule `sub` of `ext` installed in \
             the package `pkg`), so `module = \"...\"` is not needed: remove it \
             (`#[pyclass(module = \"...\")]` still sets one class's `__module__`)",
        ),
        (
            "crate",
            "abide's macros refer to the runtime as `::abide`, so `crate = \"...\"` (for a \
             re-exported PyO3) has no abide form: depend on `abide` under its own name and \
             remove the option",
        ),
    ],
};

/// Parses the options of `#[pymodule(attr)]` on an item named `ident` with `attrs`.
/// `nested` is true for a `#[pymodule] mod` inside a declarative module.
pub fn parse(
    ctx: &mut Ctx,
    attr: TokenStream,
    ident: &Ident,
    attrs: &[Attribute],
    nested: bool,
) -> Parsed {
    let (options, given) = MODULE.parse(ctx, attr);
    let (name, name_span) = match &options.name {
        Some(lit) => (lit.value(), lit.span()),
        None => (crate::callable::resolve::python_ident(ident), ident.span()),
    };
    reject_pyo3_attrs(ctx, attrs);
    Parsed {
        name,
        name_span,
        doc: crate::docs::collect(attrs),
        gil_used: options.gil_used.as_ref().is_some_and(|b| b.value),
        submodule: options.submodule || nested,
        given,
    }
}

/// Removes `#[pyo3(...)]` (and `#[py(...)]`) from a module's attributes, once
/// [`parse`] has reported them, so that the fallback does not add "cannot find
/// attribute `pyo3`".
pub fn strip_pyo3_attrs(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| !a.path().is_ident("pyo3") && !a.path().is_ident("py"));
}

/// `#[pyo3(name = "...")]` next to `#[pymodule]`, as PyO3 once had it: say where the
/// options go.
fn reject_pyo3_attrs(ctx: &mut Ctx, attrs: &[Attribute]) {
    for attr in attrs {
        if crate::attr::is_item_options(attr) {
            crate::attr::misplaced_options(ctx, attr, "pymodule", None);
        }
    }
}
