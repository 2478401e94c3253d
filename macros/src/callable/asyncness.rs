//! Checks of an `async fn`'s parameters. The future a call returns outlives the call and
//! may run on another thread, so it cannot borrow the arguments (which live in the
//! caller's frame) nor hold the `Python` token (which proves that *this* thread is
//! attached). Written-out borrows are reported here, with the owned type to take
//! instead; one the macros cannot see (a type alias) still fails to compile, on the
//! future's `'static` bound.

use crate::ctx::Ctx;
use syn::{FnArg, GenericArgument, PathArguments, Signature, Type};

/// abide's handles that borrow from the call when written without their lifetime
/// (`Object` for `Object<'_>`). The typed handles (`Dict`, `List`, ...) are left out:
/// their names are common enough for a user's own type to have one, and written bare
/// they fail on the future's `'static` bound anyway.
const BORROWING_HANDLES: &[&str] = &["Object", "Borrowed", "PyRef", "PyRefMut"];

/// Reports each parameter of `sig` (an `async fn`) that borrows or is the token.
pub fn check_params(ctx: &mut Ctx, sig: &Signature, cancel: Option<&CancelParam>) {
    for input in &sig.inputs {
        let FnArg::Typed(pt) = input else { continue };
        let is_cancel =
            matches!((&*pt.pat, cancel), (syn::Pat::Ident(pi), Some(c)) if pi.ident == c.ident);
        if is_cancel {
            continue;
        }
        let ty = &*pt.ty;
        if is_token(ty) {
            ctx.error_spanned_by(
                ty,
                "an `async fn` cannot take the `Python` token: its future runs after the call \
                 returns, possibly on another thread; inside the future, attach with \
                 `Python::attach(|py| ...)`",
            );
        } else if borrows(ty) {
            ctx.error_spanned_by(
                ty,
                "the parameters of an `async fn` cannot borrow: its future outlives the call \
                 that passed them. Take an owned type: `String` for `&str`, `Vec<u8>` for \
                 `&[u8]`, `Py<T>` for `&T`, `PyRef<'_, T>` or `Object<'_>`",
            );
        }
    }
}

fn is_token(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Python"),
        Type::Paren(p) => is_token(&p.elem),
        Type::Group(g) => is_token(&g.elem),
        _ => false,
    }
}

/// Whether `ty` is or holds a reference, a lifetime other than `'static`, or one of
/// abide's borrowing handles written without its lifetime.
fn borrows(ty: &Type) -> bool {
    match ty {
        Type::Reference(_) => true,
        Type::Paren(p) => borrows(&p.elem),
        Type::Group(g) => borrows(&g.elem),
        Type::Array(a) => borrows(&a.elem),
        Type::Slice(s) => borrows(&s.elem),
        Type::Tuple(t) => t.elems.iter().any(borrows),
        Type::Path(p) => {
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            let args = match &last.arguments {
                PathArguments::AngleBracketed(args) => Some(args),
                _ => None,
            };
            let has_lifetime = args.is_some_and(|a| {
                a.args
                    .iter()
                    .any(|g| matches!(g, GenericArgument::Lifetime(_)))
            });
            if !has_lifetime && BORROWING_HANDLES.iter().any(|h| last.ident == h) {
                return true;
            }
            p.path
                .segments
                .iter()
                .any(|segment| match &segment.arguments {
                    PathArguments::AngleBracketed(args) => args.args.iter().any(|arg| match arg {
                        GenericArgument::Lifetime(l) => l.ident != "static",
                        GenericArgument::Type(t) => borrows(t),
                        _ => false,
                    }),
                    _ => false,
                })
        }
        _ => false,
    }
}

/// The parameter of an `async fn` marked `#[py(cancel_handle)]`, which receives the
/// coroutine's `CancelHandle` and is not a Python parameter.
pub struct CancelParam {
    pub ident: syn::Ident,
    /// Its position among the parameters after the receiver, in Rust order.
    pub position: usize,
}

/// Finds the parameter marked `#[py(cancel_handle)]` and removes the attribute (which
/// no compiler knows). `#[pyo3(...)]`, any other option, a second one, a pattern, and the
/// mark on a function that is not `async` are errors.
pub fn take_cancel_handle(ctx: &mut Ctx, sig: &mut Signature) -> Option<CancelParam> {
    let is_async = sig.asyncness.is_some();
    let mut found: Option<CancelParam> = None;
    let mut position = 0;
    for input in sig.inputs.iter_mut() {
        let FnArg::Typed(pt) = input else { continue };
        let mut marked = false;
        pt.attrs.retain(|attr| {
            let is_py = attr.path().is_ident("py");
            if !is_py && !attr.path().is_ident("pyo3") {
                return true;
            }
            let cancel = attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|i| i == "cancel_handle");
            if !is_py {
                ctx.error_spanned_by(
                    attr,
                    "abide spells PyO3's parameter options `#[py(...)]`: write \
                     `#[py(cancel_handle)]`",
                );
            } else if !cancel {
                ctx.error_spanned_by(
                    attr,
                    "unknown parameter option: `#[py(cancel_handle)]` (on an `async fn`'s \
                     `CancelHandle` parameter) is the only one",
                );
            } else {
                marked = true;
            }
            false
        });
        if marked {
            let ident = match &*pt.pat {
                syn::Pat::Ident(pi) => Some(pi.ident.clone()),
                _ => None,
            };
            if !is_async {
                ctx.error_spanned_by(
                    &pt.ty,
                    "`#[py(cancel_handle)]` is for an `async fn`: only a coroutine can be \
                     cancelled",
                );
            } else if found.is_some() {
                ctx.error_spanned_by(&pt.ty, "only one parameter can be the cancel handle");
            } else if let Some(ident) = ident {
                found = Some(CancelParam { ident, position });
            }
        }
        position += 1;
    }
    found
}

/// The statements that make the call's `CancelHandle` (as `__cancel`) if the function
/// takes one, and the coroutine's side of it as an `Option` expression.
pub fn cancel_handle(
    cancel: Option<&CancelParam>,
) -> (proc_macro2::TokenStream, proc_macro2::TokenStream) {
    match cancel {
        Some(_) => (
            quote::quote! {
                let __cancel = ::abide::coroutine::CancelHandle::new();
                let __thrower = ::core::option::Option::Some(__cancel.thrower());
            },
            quote::quote!(__thrower),
        ),
        None => (quote::quote!(), quote::quote!(::core::option::Option::None)),
    }
}
