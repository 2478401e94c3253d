//! Parsing of the options inside `#[pyfunction(...)]`, `#[pymodule(...)]`, and friends.

use crate::ctx::Ctx;
use crate::signature::Signature;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

/// One `key = value` or bare `key` option.
pub enum OptionItem {
    Name(Ident, LitStr),
    Signature(Ident, Signature),
    Other(Ident),
}

impl Parse for OptionItem {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key: Ident = input.parse()?;
        if key == "name" {
            let _: Token![=] = input.parse()?;
            return Ok(OptionItem::Name(key, input.parse()?));
        }
        if key == "signature" {
            let _: Token![=] = input.parse()?;
            return Ok(OptionItem::Signature(key, input.parse()?));
        }
        // Consume a value so the error below names only the unknown key.
        if input.peek(Token![=]) {
            let _: Token![=] = input.parse()?;
            let _: syn::Expr = input.parse()?;
        }
        Ok(OptionItem::Other(key))
    }
}

/// The options of `#[pyfunction]`.
#[derive(Default)]
pub struct FunctionOptions {
    pub name: Option<LitStr>,
    pub signature: Option<Signature>,
}

/// Parses a comma-separated option list.
pub fn parse_items(tokens: proc_macro2::TokenStream) -> syn::Result<Vec<OptionItem>> {
    let parser = Punctuated::<OptionItem, Token![,]>::parse_terminated;
    Ok(syn::parse::Parser::parse2(parser, tokens)?
        .into_iter()
        .collect())
}

impl FunctionOptions {
    /// Reads `name` and `signature`; anything else is reported.
    pub fn from_items(ctx: &mut Ctx, items: Vec<OptionItem>, what: &str) -> Self {
        let mut out = FunctionOptions::default();
        for item in items {
            match item {
                OptionItem::Name(key, v) => {
                    if out.name.replace(v).is_some() {
                        ctx.error_spanned_by(key, "`name` is given twice");
                    }
                }
                OptionItem::Signature(key, s) => {
                    if out.signature.replace(s).is_some() {
                        ctx.error_spanned_by(key, "`signature` is given twice");
                    }
                }
                OptionItem::Other(key) => ctx.error_spanned_by(
                    &key,
                    format!("unknown option `{key}` for `#[{what}]`; expected `name = \"...\"` or `signature = (...)`"),
                ),
            }
        }
        out
    }
}
