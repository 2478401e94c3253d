//! Expansion of one declarative module: the `mod` with its items, and two hidden
//! functions in it: `__abide_body`, which adds the exports to a module object and runs
//! the `#[pymodule_init]` function, and `__abide_export`, which makes the module a
//! submodule of another. A top-level module also gets the entry points, whose
//! `Py_mod_exec` runs `__abide_body`.

use super::Expanded;
use super::items::{Const, Export, Items};
use crate::docs;
use crate::pymodule::expand::{entry_points, init_call};
use crate::pymodule::parse::Parsed;
use crate::span::UserSpan;
use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(item: &syn::ItemMod, parsed: &Parsed, items: Items) -> Expanded {
    // `#![...]` inside the braces stays there.
    let (inner, attrs): (Vec<_>, Vec<_>) = item
        .attrs
        .iter()
        .partition(|a| matches!(a.style, syn::AttrStyle::Inner(_)));
    let vis = &item.vis;
    let ident = &item.ident;
    let exports = items.exports.iter().map(export);
    let consts = items.consts.iter().map(constant);
    let init = items.init.as_ref().map(|sig| {
        let call = init_call(sig, quote!(__abide_module));
        quote!(#call?;)
    });
    let name = &parsed.name;
    let doc = docs::c_bytes(&parsed.doc);
    let entry = entry_points(
        parsed,
        quote!(|__abide_module| #ident::__abide_body(__abide_module)),
    );
    let full_items = &items.full;
    let stripped_items = &items.stripped;
    Expanded {
        full: quote! {
            #(#attrs)*
            #vis mod #ident {
                #(#inner)*
                #(#full_items)*

                /// Adds the module's items to `__abide_module`, then runs its
                /// `#[pymodule_init]` function.
                #[doc(hidden)]
                pub fn __abide_body(
                    __abide_module: &::abide::types::Module<'_>,
                ) -> ::abide::PyResult<()> {
                    #(#exports)*
                    #(#consts)*
                    #init
                    ::core::result::Result::Ok(())
                }

                /// Makes this module a submodule of `__abide_parent`.
                #[doc(hidden)]
                pub fn __abide_export(
                    __abide_parent: &::abide::types::Module<'_>,
                ) -> ::abide::PyResult<()> {
                    ::abide::__private::declarative::add_submodule(
                        __abide_parent,
                        #name,
                        ::abide::__private::cstr(#doc),
                        __abide_body,
                    )
                }
            }
            #entry
        },
        stripped: quote! {
            #(#attrs)*
            #vis mod #ident {
                #(#inner)*
                #(#stripped_items)*
            }
        },
    }
}

/// `item::__abide_export(m)?`, with `item` the name in the module: its type's `Export`
/// impl (or the function `__abide_export` in a `#[pymodule] mod`) adds it. A stand-in
/// type of the same name, imported by glob, is what the name means when the module
/// holds no type or module of that name (a plain function or constant); its missing
/// `Export` impl is then the error, at the user's tokens.
fn export(export: &Export) -> TokenStream {
    let Export { cfgs, ident, at } = export;
    let call = UserSpan::of(at).call(quote!(#ident::__abide_export), quote!(__abide_module));
    quote! {
        #(#cfgs)*
        let () = {
            #[allow(dead_code, non_camel_case_types, unused_imports)]
            mod __abide_stand_in {
                pub struct #ident {}
            }
            #[allow(unused_imports)]
            use __abide_stand_in::*;
            #[allow(unused_imports)]
            use self::#ident;
            #[allow(unused_imports)]
            use ::abide::__private::declarative::ExportAny as _;
            #call?
        };
    }
}

/// `m.add("NAME", NAME)?` for a `#[pymodule_export] const`.
fn constant(konst: &Const) -> TokenStream {
    let Const { cfgs, ident, ty } = konst;
    let name = crate::callable::resolve::python_ident(ident);
    let value = UserSpan::of(ty).value(quote!(#ident));
    quote! {
        #(#cfgs)*
        ::abide::types::Module::add(__abide_module, #name, #value)?;
    }
}
