//! Reads a `#[pyfunction]`'s Rust signature into the shared callable model.

use crate::attr::FunctionOptions;
use crate::callable::{self, Callable};
use crate::ctx::Ctx;
use syn::{FnArg, ItemFn, Pat};

/// Rust's primitive types, which a type named like the function would hide.
const PRIMITIVES: &[&str] = &[
    "bool", "char", "str", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16",
    "u32", "u64", "u128", "usize",
];

/// Whether a type named `ident` would hide a primitive type.
pub fn shadows_primitive(ident: &syn::Ident) -> bool {
    PRIMITIVES.iter().any(|p| ident == p)
}

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
    let callable = callable::resolve(
        ctx,
        python_name,
        rust_args,
        options.signature.as_ref(),
        None,
    );
    let doc = crate::docs::collect(&func.attrs);
    if doc.contains('\0') {
        ctx.error_spanned_by(&sig.ident, "the doc comment contains a NUL character");
    }
    Parsed { callable, doc }
}
