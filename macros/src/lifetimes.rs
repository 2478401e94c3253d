//! Type annotations inside generated bodies cannot name the user's lifetime parameters
//! (`'py` in `fn f<'py>(m: &Module<'py>)`): the body does not declare them. Writing
//! every lifetime as `'_` lets the compiler infer it instead.

use proc_macro2::{Group, Ident, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// `ty` with every lifetime except `'static` written as `'_`.
pub fn elided(ty: &impl ToTokens) -> TokenStream {
    elide(ty.to_token_stream())
}

fn elide(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '\'' && p.spacing() == Spacing::Joint => {
                match iter.peek() {
                    Some(TokenTree::Ident(name)) if name != "static" => {
                        let span = name.span();
                        iter.next();
                        out.push(TokenTree::Punct(p));
                        out.push(TokenTree::Ident(Ident::new("_", span)));
                    }
                    _ => out.push(TokenTree::Punct(p)),
                }
            }
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), elide(g.stream()));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// `ty` for a constant item inside a generated function: lifetimes as `'_` (inferred),
/// and `Self`, which such an item cannot name, as `self_ty`.
pub fn for_const(ty: &impl ToTokens, self_ty: Option<&syn::Type>) -> TokenStream {
    let tokens = elided(ty);
    match self_ty {
        Some(self_ty) => replace_self(tokens, &self_ty.to_token_stream()),
        None => tokens,
    }
}

fn replace_self(tokens: TokenStream, self_ty: &TokenStream) -> TokenStream {
    let mut out = Vec::new();
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) if i == "Self" => out.extend(self_ty.clone()),
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), replace_self(g.stream(), self_ty));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}
