//! Checks of a `#[pyfunction]`: what the function cannot be (generic, variadic, named
//! like a primitive type, an `async fn` with borrowed parameters), options written apart
//! from `#[pyfunction(...)]`, and its doc comment.

use super::parse::{Parsed, shadows_primitive};
use crate::ctx::Ctx;
use syn::ItemFn;

pub fn validate(ctx: &mut Ctx, func: &ItemFn, parsed: &Parsed) {
    let sig = &func.sig;
    if sig.asyncness.is_some() {
        crate::callable::asyncness::check_params(ctx, sig, parsed.cancel.as_ref());
    }
    if !sig
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)))
    {
        ctx.error_spanned_by(
            &sig.generics,
            "a #[pyfunction] cannot be generic: Python needs one concrete function; \
             write a non-generic wrapper that calls the generic one",
        );
    }
    if let Some(variadic) = &sig.variadic {
        ctx.error_spanned_by(variadic, "C-variadic functions cannot be #[pyfunction]s");
    }
    if shadows_primitive(&sig.ident) {
        ctx.error_spanned_by(
            &sig.ident,
            format!(
                "a #[pyfunction] cannot be named `{0}`: the hidden type that `#[pyfunction]` \
                 declares under the function's name would hide the primitive type `{0}`; \
                 rename the Rust function and keep the Python name with \
                 `#[pyfunction(name = \"{0}\")]`",
                sig.ident
            ),
        );
    }
    for attr in &func.attrs {
        if crate::attr::is_item_options(attr) {
            crate::attr::misplaced_options(ctx, attr, "pyfunction", None);
        }
    }
    if parsed.doc.contains('\0') {
        ctx.error_spanned_by(&sig.ident, "the doc comment contains a NUL character");
    }
}
