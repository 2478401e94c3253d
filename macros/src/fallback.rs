//! What a macro emits when its input has errors: the user's item unchanged plus the
//! errors, and the hidden items other code refers to, so the user sees the real error and
//! not a cascade of "`add` is not a #[pyfunction]".

use proc_macro2::TokenStream;
use quote::quote;

pub fn pyfunction(func: &syn::ItemFn, err: syn::Error) -> TokenStream {
    let errors = err.to_compile_error();
    // A function with `self` sits in an `impl` block, where no type can be declared; and
    // a type named `str`, `u8`, ... would hide the primitive type.
    if func.sig.receiver().is_some() || crate::pyfunction::shadows_primitive(&func.sig.ident) {
        return quote!(#func #errors);
    }
    let ident = &func.sig.ident;
    let companion = crate::pyfunction::companion(func);
    quote! {
        #func
        #errors
        #companion
        impl ::abide::__private::function::PyFunction for #ident {
            fn def() -> &'static ::abide::__private::function::FunctionDef {
                static DEF: ::abide::__private::function::FunctionDef =
                    ::abide::__private::function::FunctionDef::invalid();
                &DEF
            }
        }
    }
}

pub fn item(item: TokenStream, err: syn::Error) -> TokenStream {
    let errors = err.to_compile_error();
    quote! { #item #errors }
}
