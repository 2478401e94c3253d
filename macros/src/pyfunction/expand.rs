//! Expansion of `#[pyfunction]`: the user's function, unchanged, plus a hidden static
//! `FunctionDef` named `__abide_fn_<name>` that `wrap_pyfunction!` refers to.

use super::parse::Parsed;
use crate::callable::expand::{fastcall_args, text_signature};
use crate::docs;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::ItemFn;

/// The name of the static that describes function `ident`.
pub fn def_ident(ident: &syn::Ident) -> syn::Ident {
    format_ident!("__abide_fn_{}", ident)
}

pub fn expand(func: &ItemFn, parsed: &Parsed) -> TokenStream {
    let c = &parsed.callable;
    let ident = &func.sig.ident;
    let vis = &func.vis;
    let def = def_ident(ident);
    let name = docs::c_bytes(&c.python_name);
    let doc = docs::c_bytes(&docs::with_text_signature(
        &c.python_name,
        &text_signature(c, Some("$module")),
        &parsed.doc,
    ));
    let ret_span = match &func.sig.output {
        syn::ReturnType::Default => ident.span(),
        syn::ReturnType::Type(_, ty) => syn::spanned::Spanned::span(&**ty),
    };
    let into_return =
        quote::quote_spanned! {ret_span=> ::abide::impl_::ret::IntoReturn::into_return};

    let def_value = if c.takes_no_arguments() {
        let call_args = c.args.iter().map(|_| quote!(py));
        quote! {{
            unsafe extern "C" fn __wrap(
                _slf: *mut ::abide::ffi::PyObject,
                _unused: *mut ::abide::ffi::PyObject,
            ) -> *mut ::abide::ffi::PyObject {
                // SAFETY: CPython calls functions attached.
                let py = unsafe { ::abide::Python::assume_attached() };
                ::abide::impl_::trampoline::trampoline(py, |py| {
                    #into_return(#ident(#(#call_args),*), py)
                })
            }
            ::abide::impl_::function::FunctionDef::noargs(
                ::abide::impl_::cstr(#name), ::abide::impl_::cstr(#doc), __wrap,
            )
        }}
    } else {
        let args = fastcall_args(c);
        let parse = &args.parse;
        let call_args = &args.call_args;
        quote! {{
            unsafe extern "C" fn __wrap(
                _slf: *mut ::abide::ffi::PyObject,
                args: *const *mut ::abide::ffi::PyObject,
                nargs: ::abide::ffi::Py_ssize_t,
                kwnames: *mut ::abide::ffi::PyObject,
            ) -> *mut ::abide::ffi::PyObject {
                // SAFETY: CPython calls functions attached, with a valid argument vector.
                let py = unsafe { ::abide::Python::assume_attached() };
                let __call = unsafe { ::abide::impl_::args::FastcallArgs::new(args, nargs, kwnames) };
                ::abide::impl_::trampoline::trampoline(py, |py| {
                    #parse
                    #into_return(#ident(#(#call_args),*), py)
                })
            }
            ::abide::impl_::function::FunctionDef::fastcall(
                ::abide::impl_::cstr(#name), ::abide::impl_::cstr(#doc), __wrap,
            )
        }}
    };

    quote! {
        #func

        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        #vis static #def: ::abide::impl_::function::FunctionDef = #def_value;
    }
}
