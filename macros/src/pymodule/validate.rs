//! Checks of a `#[pymodule]` function (and of a `#[pymodule_init]` function, which has
//! the same shape): the module, optionally after the `Python` token, a result, not
//! generic, not `async`; and the module's doc comment and name.

use super::parse::Parsed;
use crate::ctx::Ctx;

pub fn validate(ctx: &mut Ctx, func: &syn::ItemFn, parsed: &Parsed) {
    signature(ctx, &func.sig, "#[pymodule] function");
    common(ctx, &func.sig.ident, parsed);
}

/// The checks of any module, function or `mod`.
pub fn common(ctx: &mut Ctx, ident: &syn::Ident, parsed: &Parsed) {
    if parsed.doc.contains('\0') {
        ctx.error_spanned_by(ident, "the doc comment contains a NUL character");
    }
    super::name::validate(ctx, parsed);
    if parsed.submodule {
        if let Some(key) = parsed.given.get("gil_used") {
            ctx.error_spanned_by(
                key,
                "`gil_used` is an option of the top-level module: whether the GIL is used \
                 is decided when the extension is imported, and a submodule is created by \
                 its parent; set it there",
            );
        }
    }
}

/// The shape of a function that fills a module in: `fn f(m: &Module<'_>) -> PyResult<()>`,
/// or `fn f(py: Python<'_>, m: &Module<'_>) -> PyResult<()>`. The types are checked by
/// the traits the call goes through (`expand.rs`).
pub fn signature(ctx: &mut Ctx, sig: &syn::Signature, what: &str) {
    if sig.inputs.is_empty() || sig.inputs.len() > 2 {
        let msg = format!(
            "a {what} takes the module, optionally after the `Python` token: \
             `fn {0}(m: &Module<'_>) -> PyResult<()>` or \
             `fn {0}(py: Python<'_>, m: &Module<'_>) -> PyResult<()>`",
            sig.ident
        );
        if sig.inputs.is_empty() {
            ctx.error_at(sig.paren_token.span.join(), msg);
        } else {
            ctx.error_spanned_by(&sig.inputs, msg);
        }
    }
    if let Some(receiver) = sig.receiver() {
        ctx.error_spanned_by(receiver, format!("a {what} has no `self` parameter"));
    }
    if let syn::ReturnType::Default = sig.output {
        ctx.error_spanned_by(
            sig,
            format!(
                "a {what} returns `PyResult<()>`: write \
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
        ctx.error_spanned_by(&sig.generics, format!("a {what} cannot be generic"));
    }
    if let Some(tok) = &sig.asyncness {
        ctx.error_spanned_by(
            tok,
            format!("a {what} cannot be `async`; write a plain `fn`"),
        );
    }
}
