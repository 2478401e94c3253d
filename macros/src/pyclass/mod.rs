//! `#[pyclass]`: parse the struct (or fieldless enum) and its options, validate them, and
//! expand to an `unsafe impl PyClass`, the getters/setters of marked fields, and
//! conversions.

mod enum_;
mod expand;
mod parse;
mod validate;

use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pyclass(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut item: syn::Item = match syn::parse2(item) {
        Ok(i) => i,
        Err(err) => return err.to_compile_error(),
    };
    if let syn::Item::Enum(e) = &item {
        let mut ctx = Ctx::default();
        let options = parse::parse_options(&mut ctx, attr);
        validate::validate_enum(&mut ctx, e, &options);
        return match ctx.check() {
            Ok(()) => enum_::expand(e, &options),
            Err(err) => crate::fallback::item(quote::quote!(#e), err),
        };
    }
    let syn::Item::Struct(strukt) = &mut item else {
        let err = syn::Error::new_spanned(
            &item,
            "#[pyclass] goes on a struct, or on an enum whose variants have no fields",
        );
        return crate::fallback::item(quote::quote!(#item), err);
    };
    let mut ctx = Ctx::default();
    let options = parse::parse_options(&mut ctx, attr);
    let fields = parse::take_fields(&mut ctx, strukt, &options);
    let members = parse::members(strukt);
    validate::validate(&mut ctx, strukt, &options, &fields);
    let errors = ctx.check();
    match errors {
        Ok(()) => expand::expand(strukt, &options, &fields, &members),
        Err(err) => crate::fallback::item(quote::quote!(#strukt), err),
    }
}
