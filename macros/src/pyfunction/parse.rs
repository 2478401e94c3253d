//! Reads a `#[pyfunction]`'s options and its Rust signature into the shared callable
//! model. The checks of the function's shape are in `validate.rs`.

use crate::attr::{FUNCTION_OPTIONS, FUNCTION_REJECTED, FunctionOptions, Site};
use crate::callable::asyncness::CancelParam;
use crate::callable::{self, Callable};
use crate::ctx::Ctx;
use proc_macro2::TokenStream;
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

/// What `#[pyfunction(...)]` accepts: `name` and `signature`.
const FUNCTION: Site<FunctionOptions> = Site {
    name: "`#[pyfunction]`",
    options: FUNCTION_OPTIONS,
    rejected: FUNCTION_REJECTED,
};

/// Reads `#[pyfunction(...)]`'s options.
pub fn options(ctx: &mut Ctx, attr: TokenStream) -> FunctionOptions {
    FUNCTION.parse(ctx, attr).0
}

/// What `#[pyfunction]` needs to know about the function.
pub struct Parsed {
    pub callable: Callable,
    pub doc: crate::docs::Doc,
    /// The `async fn`'s `#[py(cancel_handle)]` parameter, which Python does not pass.
    pub cancel: Option<CancelParam>,
}

pub fn parse(
    ctx: &mut Ctx,
    func: &ItemFn,
    options: &FunctionOptions,
    cancel: Option<CancelParam>,
) -> Parsed {
    let sig = &func.sig;
    let mut rust_args = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(r) => ctx.error_spanned_by(
                r,
                "a #[pyfunction] has no `self`; put methods in a `#[pymethods] impl` block",
            ),
            FnArg::Typed(pt) => match &*pt.pat {
                Pat::Ident(pi) if cancel.as_ref().is_some_and(|c| c.ident == pi.ident) => {}
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
    Parsed {
        callable,
        doc,
        cancel,
    }
}
