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
        Err(err) => stand_in(strukt, options, &members, err),
    }
}

/// The errors, and the struct still made a class (with the options that were valid, no
/// properties and no derived methods), so that its `#[pymethods]`, `add_class` and the
/// functions that take it do not each add a "`X` is not a #[pyclass]" error. A generic
/// struct cannot be a class at all: it gets the errors alone.
fn stand_in(
    strukt: &syn::ItemStruct,
    mut options: parse::Options,
    members: &[(syn::Member, syn::Type)],
    err: syn::Error,
) -> TokenStream {
    if !strukt.generics.params.is_empty() {
        return crate::fallback::item(quote::quote!(#strukt), err);
    }
    options.derive = parse::Derived::default();
    let class = expand::expand(strukt, &options, &[], members);
    let errors = err.to_compile_error();
    quote::quote!(#class #errors)
}
