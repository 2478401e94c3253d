//! `#[pyclass]`: parse the struct and its options, validate them, and expand to an
//! `unsafe impl PyClass`, the getters/setters of marked fields, and conversions.

mod expand;
mod parse;

use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pyclass(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut item: syn::Item = match syn::parse2(item) {
        Ok(i) => i,
        Err(err) => return err.to_compile_error(),
    };
    let syn::Item::Struct(strukt) = &mut item else {
        let what = match &item {
            syn::Item::Enum(e) => {
                let (token, ident) = (&e.enum_token, &e.ident);
                quote::quote!(#token #ident)
            }
            other => quote::quote!(#other),
        };
        let err = syn::Error::new_spanned(
            what,
            "#[pyclass] goes on a struct; enums are not supported yet: make the enum a field \
             of a #[pyclass] struct",
        );
        return crate::fallback::item(quote::quote!(#item), err);
    };
    let mut ctx = Ctx::default();
    let options = parse::parse_options(&mut ctx, attr);
    let fields = parse::take_fields(&mut ctx, strukt, &options);
    parse::validate(&mut ctx, strukt);
    let errors = ctx.check();
    match errors {
        Ok(()) => expand::expand(strukt, &options, &fields),
        Err(err) => crate::fallback::item(quote::quote!(#strukt), err),
    }
}
