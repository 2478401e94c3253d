//! `#[pyclass]` on a fieldless enum: each variant is a class attribute holding an
//! instance; instances are immutable, compare and hash by variant, convert with `int()`
//! to their discriminant, and show as `Class.Variant`.

use super::parse::{Derived, Options};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, ItemEnum};

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
    let class = super::expand::class(super::expand::Class {
        item: quote!(#item),
        ty,
        attrs: &item.attrs,
        options: &class_options,
        fields: &[],
        members: Vec::new(),
        gc: true,
        class_impl: quote!(),
        nested: Vec::new(),
        class_attrs: Vec::new(),
        stub_items: Vec::new(),
    });
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
