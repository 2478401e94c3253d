//! Validation: matches the Rust parameters with the `signature` option (or derives the
//! signature when there is none) and checks Python's rules on parameter order.

use super::{Callable, Kind, Param, Role, RustArg, is_token};
use crate::ctx::Ctx;
use crate::signature::{SigItem, Signature};
use syn::{Ident, Type};

/// Resolves `rust_args` (identifier, type) against an optional signature. Which
/// parameter is the `Python` token is left to the type system: without a signature, each
/// parameter is Python's unless its type is the token; with one, the parameters it leaves
/// out must be the token and the others must not (both checked where the code is
/// generated). `self_ty` is the type `Self` names, if any.
pub fn resolve(
    ctx: &mut Ctx,
    python_name: String,
    rust_args: Vec<(Ident, Type)>,
    signature: Option<&Signature>,
    self_ty: Option<&Type>,
) -> Callable {
    let mut args: Vec<RustArg> = rust_args
        .into_iter()
        .map(|(ident, ty)| RustArg {
            is_token: is_token(&ty, self_ty),
            ident,
            ty,
            role: Role::Param(usize::MAX),
        })
        .collect();
    let mut params = Vec::new();
    let mut varargs = None;
    let mut varkw = None;

    match signature {
        None => {
            for arg in args.iter_mut() {
                arg.role = Role::Param(params.len());
                params.push(Param {
                    name: python_ident(&arg.ident),
                    kind: Kind::PositionalOrKeyword,
                    default: None,
                    annotation: None,
                    maybe_token: Some(arg.is_token.clone()),
                });
            }
        }
        Some(sig) => {
            apply_signature(ctx, sig, &mut args, &mut params, &mut varargs, &mut varkw);
            // What the signature leaves out is the token (checked when it is passed).
            for arg in args
                .iter_mut()
                .filter(|a| a.role == Role::Param(usize::MAX))
            {
                arg.role = Role::Token;
            }
        }
    }
    if params.len() > usize::from(u16::MAX) {
        // The runtime's argument spec counts parameters in 16 bits.
        if let Some(arg) = args.get(usize::from(u16::MAX)) {
            ctx.error_spanned_by(
                &arg.ident,
                format!(
                    "a Python-callable function takes at most {} parameters",
                    u16::MAX
                ),
            );
        }
    }
    Callable {
        python_name,
        args,
        params,
        varargs,
        varkw,
        returns: signature
            .and_then(|s| s.returns.as_ref())
            .map(|r| crate::stub::written_annotation(&r.value())),
    }
}

fn apply_signature(
    ctx: &mut Ctx,
    sig: &Signature,
    args: &mut [RustArg],
    params: &mut Vec<Param>,
    varargs: &mut Option<String>,
    varkw: &mut Option<String>,
) {
    // Positional-only markers apply to everything written before them.
    let slash = sig
        .items
        .iter()
        .position(|i| matches!(i, SigItem::PositionalOnlyMarker(_)));
    let mut keyword_only = false;
    let mut seen_default = false;

    for (pos, item) in sig.items.iter().enumerate() {
        match item {
            SigItem::PositionalOnlyMarker(tok) => {
                if keyword_only {
                    ctx.error_spanned_by(
                        tok,
                        "`/` must come before `*` and `*args` in a signature",
                    );
                }
                if sig
                    .items
                    .iter()
                    .filter(|i| matches!(i, SigItem::PositionalOnlyMarker(_)))
                    .count()
                    > 1
                    && Some(pos) != slash
                {
                    ctx.error_spanned_by(tok, "`/` may appear only once in a signature");
                }
            }
            SigItem::KeywordOnlyMarker(tok) => {
                if keyword_only {
                    ctx.error_spanned_by(tok, "`*` may appear only once, and not after `*args`");
                }
                keyword_only = true;
            }
            SigItem::Varargs(name) => {
                if keyword_only {
                    ctx.error_spanned_by(name, "`*args` may appear only once, and not after `*`");
                }
                keyword_only = true;
                bind(ctx, args, name, Role::Varargs);
                *varargs = Some(python_ident(name));
            }
            SigItem::Varkw(name) => {
                if pos + 1 != sig.items.len() {
                    ctx.error_spanned_by(name, "`**kwargs` must be the last entry of a signature");
                }
                bind(ctx, args, name, Role::Varkw);
                *varkw = Some(python_ident(name));
            }
            SigItem::Param {
                name,
                annotation,
                default,
            } => {
                let kind = if keyword_only {
                    Kind::KeywordOnly
                } else if slash.is_some_and(|s| pos < s) {
                    Kind::PositionalOnly
                } else {
                    Kind::PositionalOrKeyword
                };
                if kind != Kind::KeywordOnly {
                    if default.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        ctx.error_spanned_by(
                            name,
                            format!(
                                "parameter `{name}` without a default follows a parameter with one; \
                                 give it a default, or make it keyword-only by putting it after `*`"
                            ),
                        );
                    }
                }
                bind(ctx, args, name, Role::Param(params.len()));
                params.push(Param {
                    name: python_ident(name),
                    kind,
                    default: default.clone(),
                    annotation: annotation
                        .as_ref()
                        .map(|a| crate::stub::written_annotation(&a.value())),
                    maybe_token: None,
                });
            }
        }
    }
}

/// Gives the Rust parameter named `name` its role, or reports that there is none.
fn bind(ctx: &mut Ctx, args: &mut [RustArg], name: &Ident, role: Role) {
    match args.iter_mut().find(|a| a.ident == *name) {
        None => ctx.error_spanned_by(
            name,
            format!("`{name}` in the signature is not a parameter of this function"),
        ),
        Some(arg) if arg.role != Role::Param(usize::MAX) => {
            ctx.error_spanned_by(name, format!("`{name}` appears twice in the signature"))
        }
        Some(arg) => arg.role = role,
    }
}

/// The Python name of a Rust identifier (`r#type` is `type` in Python).
pub fn python_ident(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

#[cfg(test)]
mod tests;
