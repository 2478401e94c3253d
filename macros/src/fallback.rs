//! What a macro emits when its input has errors: the user's item unchanged plus the
//! errors, and the hidden items other code refers to, so the user sees the real error and
//! not a cascade of "cannot find `__abide_fn_x`".

use proc_macro2::TokenStream;
use quote::quote;

pub fn pyfunction(func: &syn::ItemFn, err: syn::Error) -> TokenStream {
    let def = crate::pyfunction::def_ident(&func.sig.ident);
    let vis = &func.vis;
    let errors = err.to_compile_error();
    quote! {
        #func
        #errors
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        #vis static #def: ::abide::impl_::function::FunctionDef =
            ::abide::impl_::function::FunctionDef::invalid();
    }
}

pub fn item(item: TokenStream, err: syn::Error) -> TokenStream {
    let errors = err.to_compile_error();
    quote! { #item #errors }
}
