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
    let mut ctx = Ctx::default();
    if let syn::Item::Struct(syn::ItemStruct { attrs, .. })
    | syn::Item::Enum(syn::ItemEnum { attrs, .. }) = &mut item
    {
        parse::take_item_pyo3(&mut ctx, attrs);
    }
    if let syn::Item::Enum(e) = &mut item {
        if e.variants
            .iter()
            .any(|v| !matches!(v.fields, syn::Fields::Unit))
        {
            return data_enum(ctx, attr, e);
        }
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
    // `unsendable`: the user knows the struct is not thread-safe (see `stand_in`).
    let unsendable = attr
        .clone()
        .into_iter()
        .any(|t| matches!(&t, proc_macro2::TokenTree::Ident(i) if i == "unsendable"));
    let options = parse::parse_options(&mut ctx, attr);
    let fields = parse::take_fields(&mut ctx, strukt, &options);
    let members = parse::members(strukt);
    validate::validate(&mut ctx, strukt, &options, &fields);
    let errors = ctx.check();
    match errors {
        Ok(()) => expand::expand(strukt, &options, &fields, &members),
        Err(err) => {
            let thread_safe = !unsendable
                && !strukt
                    .fields
                    .iter()
                    .any(|f| validate::is_object_header(&f.ty));
            stand_in(strukt, options, &members, thread_safe, err)
        }
    }
}

/// An enum whose variants carry data: see `data_enum.rs`.
fn data_enum(mut ctx: Ctx, attr: TokenStream, item: &mut syn::ItemEnum) -> TokenStream {
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

/// The errors, and the struct still made a class (with the options that were valid, no
/// properties and no derived methods), so that its `#[pymethods]`, `add_class` and the
/// functions that take it do not each add a "`X` is not a #[pyclass]" error. A generic
/// struct cannot be a class at all: it gets the errors alone. When the errors already
/// say the struct is not thread-safe (`unsendable`, an object header field), the stand-in
/// claims `Send + Sync` so that the compiler does not say it again: the compile errors
/// beside it keep any program with that claim from being built.
fn stand_in(
    strukt: &syn::ItemStruct,
    mut options: parse::Options,
    members: &[(syn::Member, syn::Type)],
    thread_safe: bool,
    err: syn::Error,
) -> TokenStream {
    if !strukt.generics.params.is_empty() {
        return crate::fallback::item(quote::quote!(#strukt), err);
    }
    options.derive = parse::Derived::default();
    let class = expand::expand(strukt, &options, &[], members);
    let errors = err.to_compile_error();
    let ident = &strukt.ident;
    let claim = if thread_safe {
        quote::quote!()
    } else {
        quote::quote! {
            unsafe impl ::core::marker::Send for #ident {}
            unsafe impl ::core::marker::Sync for #ident {}
        }
    };
    quote::quote!(#class #claim #errors)
}
