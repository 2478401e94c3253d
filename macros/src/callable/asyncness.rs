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
pub fn check_params(ctx: &mut Ctx, sig: &Signature) {
    for input in &sig.inputs {
        let FnArg::Typed(pt) = input else { continue };
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
