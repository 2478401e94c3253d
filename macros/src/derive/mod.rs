//! `#[derive(FromPyObject)]` and `#[derive(IntoPyObject)]`: parse the struct or enum and
//! its `#[py(...)]` options, validate them against its shape, and expand to the trait's
//! impl. PyO3's options and error wording, with `#[py(...)]` for `#[pyo3(...)]`.

mod expand;
mod parse;
mod validate;

#[cfg(test)]
mod tests;

use crate::ctx::Ctx;
use parse::Derive;
use proc_macro2::TokenStream;

pub fn derive(kind: Derive, input: TokenStream) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(err) => return err.to_compile_error(),
    };
    let mut ctx = Ctx::default();
    let body = parse::parse(&mut ctx, kind, &input);
    let items = validate::validate(&mut ctx, kind, &input, &body);
    if let Err(err) = ctx.check() {
        // A derive does not re-emit its item: the errors alone.
        return err.to_compile_error();
    }
    match kind {
        Derive::From => expand::from_pyobject(&input, &items),
        Derive::Into => expand::into_pyobject(&input, &items),
    }
}

pub fn from_pyobject(input: TokenStream) -> TokenStream {
    derive(Derive::From, input)
}

pub fn into_pyobject(input: TokenStream) -> TokenStream {
    derive(Derive::Into, input)
}
