//! Checks of a `#[pymodule]` function: its shape (one parameter, a result, not generic,
//! not `async`), its doc comment, and the module's name.

use super::parse::Parsed;
use crate::ctx::Ctx;

pub fn validate(ctx: &mut Ctx, func: &syn::ItemFn, parsed: &Parsed) {
    let sig = &func.sig;
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
    if parsed.doc.contains('\0') {
        ctx.error_spanned_by(&sig.ident, "the doc comment contains a NUL character");
    }
    super::name::validate(ctx, parsed);
}
