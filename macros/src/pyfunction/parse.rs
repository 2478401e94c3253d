//! Reads a `#[pyfunction]`'s Rust signature into the shared callable model.

use crate::attr::FunctionOptions;
use crate::callable::{self, Callable};
use crate::ctx::Ctx;
use syn::{FnArg, ItemFn, Pat};

/// What `#[pyfunction]` needs to know about the function.
pub struct Parsed {
    pub callable: Callable,
    pub doc: String,
}

pub fn parse(ctx: &mut Ctx, func: &ItemFn, options: &FunctionOptions) -> Parsed {
    let sig = &func.sig;
    if let Some(tok) = &sig.asyncness {
        ctx.error_spanned_by(
            tok,
            "`async fn` cannot be a #[pyfunction]; write a plain `fn`",
        );
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

    let mut rust_args = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(r) => ctx.error_spanned_by(
                r,
                "a #[pyfunction] has no `self`; put methods in a `#[pymethods] impl` block",
            ),
            FnArg::Typed(pt) => match &*pt.pat {
                Pat::Ident(pi) => rust_args.push((pi.ident.clone(), (*pt.ty).clone())),
                other => ctx.error_spanned_by(
                    other,
                    "patterns are not supported in #[pyfunction] parameters; use a plain name",
                ),
            },
        }
    }

    let python_name = match &options.name {
        Some(lit) => lit.value(),
        None => callable::resolve::python_ident(&sig.ident),
    };
    let callable = callable::resolve(ctx, python_name, rust_args, options.signature.as_ref());
    let doc = crate::docs::collect(&func.attrs);
    if doc.contains('\0') {
        ctx.error_spanned_by(&sig.ident, "the doc comment contains a NUL character");
    }
    Parsed { callable, doc }
}
