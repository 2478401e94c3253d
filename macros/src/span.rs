//! Spans for generated code whose type errors should point at the user's tokens.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::ToTokens;

/// Where a user's tokens start and end. Generated code spanned with it resolves names
/// like the macro's own code but is shown over the user's tokens, so that a type error
/// in it underlines what the user wrote.
#[derive(Clone, Copy)]
pub struct UserSpan {
    lo: Span,
    hi: Span,
}

impl UserSpan {
    /// The whole of `tokens` (e.g. a type). Empty tokens give the call site.
    pub fn of(tokens: &impl ToTokens) -> Self {
        let tokens = tokens.to_token_stream();
        let lo = tokens.clone().into_iter().next().map(|tt| tt.span());
        let hi = tokens.into_iter().last().map(|tt| match tt {
            TokenTree::Group(g) => g.span_close(),
            other => other.span(),
        });
        match (lo, hi) {
            (Some(lo), Some(hi)) => UserSpan::new(lo, hi),
            _ => UserSpan::new(Span::call_site(), Span::call_site()),
        }
    }

    /// One token's span.
    pub fn single(span: Span) -> Self {
        UserSpan::new(span, span)
    }

    fn new(lo: Span, hi: Span) -> Self {
        UserSpan {
            lo: Span::call_site().located_at(lo),
            hi: Span::call_site().located_at(hi),
        }
    }

    /// The call `path(args)`, shown over the user's tokens: the path starts at their
    /// start and ends at their end (a bound on the function's generic parameters is
    /// reported over the path), and so do the parentheses. `args` keep their spans.
    pub fn call(self, path: TokenStream, args: TokenStream) -> TokenStream {
        let mut trees: Vec<TokenTree> = respan(path, self.lo).into_iter().collect();
        if let Some(last) = trees.last_mut() {
            last.set_span(self.hi);
        }
        let mut group = Group::new(Delimiter::Parenthesis, args);
        group.set_span(self.hi);
        trees.push(TokenTree::Group(group));
        trees.into_iter().collect()
    }

    /// `value` (an expression) as an argument shown over the user's tokens, for a bound
    /// that a call puts on its argument's type.
    pub fn value(self, value: TokenStream) -> TokenStream {
        self.call(quote::quote!(::core::convert::identity), value)
    }
}

/// `tokens` with every span (also inside groups) replaced by `span`.
pub fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), respan(g.stream(), span));
                group.set_span(span);
                TokenTree::Group(group)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}
