//! Reads `#[pymodule(...)]`'s options and checks the function's shape.

use crate::attr::{OptionItem, parse_items};
use crate::ctx::Ctx;
use proc_macro2::{Span, TokenStream};

/// What `#[pymodule]` needs to know about the function.
pub struct Parsed {
    /// The Python name of the module.
    pub name: String,
    /// Where that name is written (the `name = "..."` string, or the function's name).
    pub name_span: Span,
    pub doc: String,
}

pub fn parse(ctx: &mut Ctx, attr: TokenStream, func: &syn::ItemFn) -> Parsed {
    let sig = &func.sig;
    let mut name = None;
    match parse_items(attr) {
        Ok(items) => {
            for item in items {
                match item {
                    OptionItem::Name(key, lit) => {
                        if name.replace(lit).is_some() {
                            ctx.error_spanned_by(key, "`name` is given twice");
                        }
                    }
                    OptionItem::Signature(key, _) | OptionItem::Other(key) => ctx.error_spanned_by(
                        &key,
                        format!(
                            "unknown option `{key}` for `#[pymodule]`; expected `name = \"...\"`"
                        ),
                    ),
                }
            }
        }
        Err(err) => ctx.syn_error(err),
    }
    if sig.inputs.len() != 1 {
        let msg = "a #[pymodule] function takes exactly one parameter, the module: \
                   `fn name(m: &Module<'_>) -> PyResult<()>`";
        if sig.inputs.is_empty() {
            ctx.error_at(sig.paren_token.span.join(), msg);
        } else {
            ctx.error_spanned_by(&sig.inputs, msg);
        }
    }
    if let syn::ReturnType::Default = sig.output {
        ctx.error_spanned_by(
            sig,
            format!(
                "a #[pymodule] function returns `PyResult<()>`: write \
                 `fn {}(m: &Module<'_>) -> PyResult<()>` and end it with `Ok(())`",
                sig.ident
            ),
        );
    }
    if !sig
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)))
    {
        ctx.error_spanned_by(&sig.generics, "a #[pymodule] function cannot be generic");
    }
    if let Some(tok) = &sig.asyncness {
        ctx.error_spanned_by(
            tok,
            "a #[pymodule] function cannot be `async`; write a plain `fn`",
        );
    }
    let (name, name_span) = match &name {
        Some(lit) => (lit.value(), lit.span()),
        None => (
            crate::callable::resolve::python_ident(&sig.ident),
            sig.ident.span(),
        ),
    };
    let doc = crate::docs::collect(&func.attrs);
    if doc.contains('\0') {
        ctx.error_spanned_by(&sig.ident, "the doc comment contains a NUL character");
    }
    Parsed {
        name,
        name_span,
        doc,
    }
}
