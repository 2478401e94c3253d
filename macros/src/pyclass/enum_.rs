//! `#[pyclass]` on a fieldless enum: each variant is a class attribute holding an
//! instance; instances are immutable, compare and hash by variant, convert with `int()`
//! to their discriminant, and show as `Class.Variant`.

use super::parse::{Derived, Options};
use crate::ctx::Ctx;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, ItemEnum};

/// Checks that the enum can be a class: unit variants only, at least one, no generics,
/// and only the options that make sense for it.
pub fn validate(ctx: &mut Ctx, item: &ItemEnum, options: &Options) {
    if !item.generics.params.is_empty() {
        ctx.error_spanned_by(
            &item.generics,
            "#[pyclass] cannot have generic or lifetime parameters: Python needs one concrete type",
        );
    }
    if item.variants.is_empty() {
        ctx.error_spanned_by(
            &item.ident,
            "a #[pyclass] enum needs at least one variant: Python sees each variant as a class \
             attribute",
        );
    }
    for v in &item.variants {
        if !matches!(v.fields, syn::Fields::Unit) {
            ctx.error_spanned_by(
                &v.fields,
                format!(
                    "#[pyclass] enums are fieldless: variant `{}` has fields; make the enum a \
                     field of a #[pyclass] struct instead",
                    v.ident
                ),
            );
        }
    }
    let unsupported = [
        ("subclass", options.subclass),
        ("extends", options.extends.is_some()),
        ("get_all", options.get_all),
        ("set_all", options.set_all),
    ];
    for (name, set) in unsupported {
        if set {
            ctx.error_spanned_by(
                &item.ident,
                format!("`{name}` is not supported on a #[pyclass] enum"),
            );
        }
    }
    let Derived { eq, ord, hash, .. } = &options.derive;
    for path in [eq, hash].into_iter().flatten() {
        ctx.error_spanned_by(
            path,
            "a #[pyclass] enum already compares and hashes by variant; remove this option",
        );
    }
    if let Some(ord) = ord {
        ctx.error_spanned_by(
            ord,
            "`ord` is not supported on a #[pyclass] enum; compare `int(x)` instead",
        );
    }
}

/// The enum, its class (immutable, like `frozen`), and the methods of every enum class.
pub fn expand(item: &ItemEnum, options: &Options) -> TokenStream {
    let ty = &item.ident;
    let class_options = Options {
        name: options.name.clone(),
        module: options.module.clone(),
        frozen: true,
        derive: Derived {
            str: options.derive.str.clone(),
            ..Derived::default()
        },
        ..Options::default()
    };
    // Garbage-collected: the variants, kept in the class's dict, refer to the class.
    let class = super::expand::class(
        quote!(#item),
        ty,
        &item.attrs,
        &class_options,
        &[],
        &[],
        true,
    );
    let python_name = options
        .name
        .as_ref()
        .map_or_else(|| ty.to_string(), |n| n.value());
    let methods = methods(ty, &python_name, item);
    quote! {
        #class
        #methods
    }
}

fn methods(ty: &Ident, python_name: &str, item: &ItemEnum) -> TokenStream {
    let variants: Vec<&Ident> = item.variants.iter().map(|v| &v.ident).collect();
    let names: Vec<String> = variants
        .iter()
        .map(|v| v.to_string().trim_start_matches("r#").to_owned())
        .collect();
    let reprs = names.iter().map(|n| format!("{python_name}.{n}"));
    let attrs = variants.iter().zip(&names).map(|(v, name)| {
        let f = format_ident!("__abide_variant_{}", v);
        quote! {
            #[classattr]
            #[py(name = #name)]
            fn #f() -> #ty {
                #ty::#v
            }
        }
    });
    quote! {
        #[::abide::pymethods]
        #[allow(non_snake_case)]
        impl #ty {
            #(#attrs)*

            fn __repr__(&self) -> &'static str {
                match self {
                    #(#ty::#variants => #reprs,)*
                }
            }

            fn __int__(&self) -> isize {
                match self {
                    #(#ty::#variants => #ty::#variants as isize,)*
                }
            }

            fn __eq__(&self, other: &Self) -> bool {
                ::core::mem::discriminant(self) == ::core::mem::discriminant(other)
            }

            fn __hash__(&self) -> isize {
                self.__int__()
            }
        }
    }
}
