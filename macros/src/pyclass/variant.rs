//! Parsing of the variants of an enum whose variants carry data (a "data enum"): each
//! variant's `#[py(constructor = (...), name = "...")]` and its fields. The checks are in
//! `validate.rs`, the expansion in `data_enum.rs`.

use super::parse::{Field, FieldOptions};
use crate::attr::{Given, Opt, Site};
use crate::ctx::Ctx;
use crate::signature::Signature;
use quote::{format_ident, quote};
use syn::{Attribute, Fields, Ident, ItemEnum, LitStr};

/// The options of a variant's `#[py(...)]`.
#[derive(Default)]
pub struct VariantOptions {
    pub constructor: Option<Signature>,
    pub name: Option<LitStr>,
}

/// What `#[py(...)]` on a variant accepts.
const VARIANT: Site<VariantOptions> = Site {
    name: "`#[py]` on an enum variant",
    options: &[
        Opt::signature("constructor", |o, v| o.constructor = Some(v)),
        Opt::str("name", |o, v| o.name = Some(v)),
    ],
    rejected: &[],
};

/// One variant of a data enum.
pub struct Variant {
    pub ident: Ident,
    /// The variant class's Python name (`Circle` in `Shape.Circle`).
    pub python_name: String,
    /// `Rect(f64, f64)`: fields are `_0`, `_1`, ... and the instances are sequences.
    pub tuple: bool,
    /// `Empty`, without `{}` or `()`: not allowed in a data enum (as in PyO3).
    pub unit: bool,
    /// Each field, read-only, as the variant class's property.
    pub fields: Vec<Field>,
    pub options: VariantOptions,
    /// The variant's attributes that stay on it (its docs become the class's docstring).
    pub attrs: Vec<Attribute>,
}

/// Reads (and removes) the `#[py(...)]` attributes of the variants and of their fields.
pub fn take_variants(ctx: &mut Ctx, item: &mut ItemEnum) -> Vec<Variant> {
    let enum_ty = item.ident.clone();
    item.variants
        .iter_mut()
        .map(|v| {
            let options = take_options(ctx, &mut v.attrs);
            for field in v.fields.iter_mut() {
                reject_field_options(ctx, &mut field.attrs);
            }
            let python_name = options.name.as_ref().map_or_else(
                || v.ident.to_string().trim_start_matches("r#").to_owned(),
                LitStr::value,
            );
            let variant = &v.ident;
            let tuple = matches!(v.fields, Fields::Unnamed(_));
            let count = v.fields.len();
            let fields = v
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let (ident, python_name, pattern) = match &f.ident {
                        Some(ident) => (
                            ident.clone(),
                            ident.to_string().trim_start_matches("r#").to_owned(),
                            quote!(#enum_ty::#variant { #ident: __field, .. }),
                        ),
                        None => {
                            let blanks = (0..count)
                                .map(|j| if i == j { quote!(__field) } else { quote!(_) });
                            (
                                format_ident!("_{}", i, span = variant.span()),
                                format!("_{i}"),
                                quote!(#enum_ty::#variant(#(#blanks),*)),
                            )
                        }
                    };
                    Field {
                        doc: crate::docs::collect(&f.attrs),
                        ident,
                        ty: f.ty.clone(),
                        python_name,
                        get: true,
                        set: false,
                        options: FieldOptions::default(),
                        variant: Some((enum_ty.clone(), pattern)),
                    }
                })
                .collect();
            Variant {
                ident: v.ident.clone(),
                python_name,
                tuple,
                unit: matches!(v.fields, Fields::Unit),
                fields,
                options,
                attrs: v.attrs.clone(),
            }
        })
        .collect()
}

/// Reads (and removes) a variant's `#[py(...)]`; `#[pyo3(...)]` is reported.
fn take_options(ctx: &mut Ctx, attrs: &mut Vec<Attribute>) -> VariantOptions {
    let mut options = VariantOptions::default();
    let mut given = Given::default();
    attrs.retain(|attr| {
        if attr.path().is_ident("py") {
            VARIANT.parse_attr(ctx, attr, &mut options, &mut given);
            false
        } else if attr.path().is_ident("pyo3") {
            ctx.error_spanned_by(attr, "abide spells PyO3's `#[pyo3(...)]` as `#[py(...)]`");
            false
        } else {
            true
        }
    });
    options
}

/// A variant's fields are always read-only properties: `#[py(...)]` on one is an error
/// (and removed, so that the compiler does not also report an unknown attribute).
fn reject_field_options(ctx: &mut Ctx, attrs: &mut Vec<Attribute>) {
    attrs.retain(|attr| {
        let ours = attr.path().is_ident("py") || attr.path().is_ident("pyo3");
        if ours {
            ctx.error_spanned_by(
                attr,
                "the fields of an enum's variants are always read-only properties of the \
                 variant's class: remove this attribute",
            );
        }
        !ours
    });
}
