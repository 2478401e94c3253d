//! Reads `#[pymodule(...)]`'s options and what the module needs from the function. The
//! checks of the function's shape are in `validate.rs`.

use crate::attr::{Opt, Site};
use crate::ctx::Ctx;
use proc_macro2::{Span, TokenStream};
use syn::LitStr;

/// What `#[pymodule]` needs to know about the function.
pub struct Parsed {
    /// The Python name of the module.
    pub name: String,
    /// Where that name is written (the `name = "..."` string, or the function's name).
    pub name_span: Span,
    pub doc: crate::docs::Doc,
}

/// The options of `#[pymodule(...)]`.
#[derive(Default)]
pub struct ModuleOptions {
    pub name: Option<LitStr>,
}

/// What `#[pymodule(...)]` accepts, and where each option goes.
const MODULE: Site<ModuleOptions> = Site {
    name: "`#[pymodule]`",
    options: &[Opt::str("name", |o, v| o.name = Some(v))],
    rejected: &[],
};

pub fn parse(ctx: &mut Ctx, attr: TokenStream, func: &syn::ItemFn) -> Parsed {
    let (options, _) = MODULE.parse(ctx, attr);
    let (name, name_span) = match &options.name {
        Some(lit) => (lit.value(), lit.span()),
        None => (
            crate::callable::resolve::python_ident(&func.sig.ident),
            func.sig.ident.span(),
        ),
    };
    Parsed {
        name,
        name_span,
        doc: crate::docs::collect(&func.attrs),
    }
}
