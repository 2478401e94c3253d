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
        return syn::Error::new_spanned(
            &item,
            "#[pyclass] goes on a struct (enums are not supported yet: wrap the enum in a struct)",
        )
        .to_compile_error();
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
