//! Parsing of `signature = (a, b = 1, /, c, *, d, *args, **kwargs)`: the Python-level
//! signature of a function, in Python's own syntax with Rust default values. Parameters
//! and the result may carry their annotation for the type stub as a string, as in PyO3:
//! `signature = (a: "int", b: "list[str]" = None) -> "Self"`.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, LitStr, Token, parenthesized};

/// One entry of a `signature = (...)`.
#[derive(Clone)]
pub enum SigItem {
    /// `name` or `name = default`, either with `: "annotation"` after the name.
    Param {
        name: Ident,
        annotation: Option<LitStr>,
        default: Option<Expr>,
    },
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
    /// `-> "annotation"` after the list: the result's annotation in the stub.
    pub returns: Option<LitStr>,
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
        let annotation = if input.peek(Token![:]) {
            let _: Token![:] = input.parse()?;
            Some(input.parse()?)
        } else {
            None
        };
        let default = if input.peek(Token![=]) {
            let _: Token![=] = input.parse()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(SigItem::Param {
            name,
            annotation,
            default,
        })
    }
}

impl Parse for Signature {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let content;
        parenthesized!(content in input);
        let items = Punctuated::<SigItem, Token![,]>::parse_terminated(&content)?;
        let returns = if input.peek(Token![->]) {
            let _: Token![->] = input.parse()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Signature {
            items: items.into_iter().collect(),
            returns,
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
                annotation,
                default,
            } => {
                let annotation = annotation.as_ref().map(|a| quote::quote!(: #a));
                let default = default.as_ref().map(|d| quote::quote!(= #d));
                quote::quote!(#name #annotation #default)
            }
            SigItem::PositionalOnlyMarker(slash) => quote::quote!(#slash),
            SigItem::KeywordOnlyMarker(star) => quote::quote!(#star),
            SigItem::Varargs(name) => quote::quote!(*#name),
            SigItem::Varkw(name) => quote::quote!(**#name),
        });
        let returns = self.returns.as_ref().map(|r| quote::quote!(-> #r));
        tokens.extend(quote::quote!((#(#items),*) #returns));
    }
}
