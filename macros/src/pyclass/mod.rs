//! `#[pyclass]`: parse the struct (or fieldless enum) and its options, validate them, and
//! expand to an `unsafe impl PyClass`, the getters/setters of marked fields, and
//! conversions.

mod data_enum;
mod enum_;
mod expand;
mod parse;
mod validate;
mod variant;

use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pyclass(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut item: syn::Item = match syn::parse2(item) {
        Ok(i) => i,
        Err(err) => return err.to_compile_error(),
    };
    if let syn::Item::Enum(e) = &mut item {
        if e.variants
            .iter()
            .any(|v| !matches!(v.fields, syn::Fields::Unit))
        {
            return data_enum(attr, e);
        }
        let mut ctx = Ctx::default();
        let options = parse::parse_options(&mut ctx, attr);
        validate::validate_enum(&mut ctx, e, &options);
        return match ctx.check() {
            Ok(()) => enum_::expand(e, &options),
            Err(err) => crate::fallback::item(quote::quote!(#e), err),
        };
    }
    let syn::Item::Struct(strukt) = &mut item else {
        let err = syn::Error::new_spanned(&item, "#[pyclass] goes on a struct or an enum");
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

/// An enum whose variants carry data: see `data_enum.rs`.
fn data_enum(attr: TokenStream, item: &mut syn::ItemEnum) -> TokenStream {
    let mut ctx = Ctx::default();
    let mut options = parse::parse_options(&mut ctx, attr);
    let variants = variant::take_variants(&mut ctx, item);
    // Always frozen (for `hash`, which needs it): a `&mut self` method could change the
    // variant under its class.
    options.frozen = true;
    validate::validate_data_enum(&mut ctx, item, &options, &variants);
    match ctx.check() {
        Ok(()) => data_enum::expand(item, &options, &variants),
        Err(err) => crate::fallback::item(quote::quote!(#item), err),
    }
}
