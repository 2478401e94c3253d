//! Parsing of `signature = (a, b = 1, /, c, *, d, *args, **kwargs)`: the Python-level
//! signature of a function, in Python's own syntax with Rust default values.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Token, parenthesized};

/// One entry of a `signature = (...)`.
#[derive(Clone)]
pub enum SigItem {
    /// `name` or `name = default`.
    Param { name: Ident, default: Option<Expr> },
    /// `/`: everything before is positional-only.
    PositionalOnlyMarker(Token![/]),
    /// `*`: everything after is keyword-only.
    KeywordOnlyMarker(Token![*]),
    /// `*args`.
    Varargs(Ident),
    /// `**kwargs`.
    Varkw(Ident),
}

/// The parsed parenthesised list.
pub struct Signature {
    pub items: Vec<SigItem>,
}

impl Parse for SigItem {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(Token![/]) {
            return Ok(SigItem::PositionalOnlyMarker(input.parse()?));
        }
        if input.peek(Token![*]) {
            let star: Token![*] = input.parse()?;
            if input.peek(Token![*]) {
                let _: Token![*] = input.parse()?;
                return Ok(SigItem::Varkw(input.parse()?));
            }
            if input.peek(Ident) {
                return Ok(SigItem::Varargs(input.parse()?));
            }
            return Ok(SigItem::KeywordOnlyMarker(star));
        }
        let name: Ident = input.parse()?;
        let default = if input.peek(Token![=]) {
            let _: Token![=] = input.parse()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(SigItem::Param { name, default })
    }
}

impl Parse for Signature {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        parenthesized!(content in input);
        let items = Punctuated::<SigItem, Token![,]>::parse_terminated(&content)?;
        Ok(Signature {
            items: items.into_iter().collect(),
        })
    }
}

/// The signature as it is written, for a generated `#[py(signature = ...)]` (a data enum
/// variant's `constructor`), with the user's spans.
impl quote::ToTokens for Signature {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        let items = self.items.iter().map(|item| match item {
            SigItem::Param {
                name,
                default: None,
            } => quote::quote!(#name),
            SigItem::Param {
                name,
                default: Some(default),
            } => quote::quote!(#name = #default),
            SigItem::PositionalOnlyMarker(slash) => quote::quote!(#slash),
            SigItem::KeywordOnlyMarker(star) => quote::quote!(#star),
            SigItem::Varargs(name) => quote::quote!(*#name),
            SigItem::Varkw(name) => quote::quote!(**#name),
        });
        tokens.extend(quote::quote!((#(#items),*)));
    }
}
