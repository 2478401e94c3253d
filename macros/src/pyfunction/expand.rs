//! Expansion of `#[pyfunction]`: the user's function, unchanged, plus a hidden type of the
//! same name (types and functions live in separate namespaces, so `use m::add` brings
//! both) whose `PyFunction` impl holds the static `FunctionDef` that `wrap_pyfunction!`
//! looks up.

use super::parse::Parsed;
use crate::callable::expand::{fastcall_args, text_signature};
use crate::callable::ret::Output;
use crate::docs;
use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

pub fn expand(func: &ItemFn, parsed: &Parsed) -> TokenStream {
    let companion = companion(func);
    let c = &parsed.callable;
    let ident = &func.sig.ident;
    let name = docs::c_bytes(&c.python_name);
    let doc = docs::with_text_signature(
        &c.python_name,
        text_signature(c, Some("$module")),
        &parsed.doc,
    )
    .c_bytes_expr();
    let is_async = func.sig.asyncness.is_some();
    let mut returns = c
        .returns
        .clone()
        .unwrap_or_else(|| crate::stub::return_annotation(&func.sig.output, None));
    if is_async {
        returns = crate::stub::coroutine_of(&returns);
    }
    let stub = crate::stub::def_text(
        &[],
        &c.python_name,
        crate::stub::params(c, None, None),
        &returns,
        &parsed.doc,
    )
    .str_expr();
    let output = Output::new(&func.sig.output, ident);
    let into_return = quote!(::abide::__private::ret::IntoReturn::into_return);
    let python_name = &c.python_name;
    // The call, and what turns its value into the function's result: for an `async fn`,
    // a coroutine object that converts the future's output when it completes.
    let finish = |call: TokenStream| {
        if is_async {
            let convert = output.convert(quote!(__output), into_return.clone(), quote!(, py));
            let (make_handle, thrower) =
                crate::callable::asyncness::cancel_handle(parsed.cancel.as_ref());
            quote! {{
                #make_handle
                ::abide::__private::coroutine::new(
                    py, #python_name, ::core::option::Option::None, #thrower, #call, |__output, py| #convert,
                )
            }}
        } else {
            output.convert(call, into_return.clone(), quote!(, py))
        }
    };
    let with_cancel = |mut call_args: Vec<TokenStream>| {
        if let Some(cancel) = &parsed.cancel {
            call_args.insert(cancel.position.min(call_args.len()), quote!(__cancel));
        }
        call_args
    };

    let def_value = if c.takes_no_arguments() {
        // Only parameters the `signature` leaves out, which must be the token.
        let call_args = with_cancel(
            c.args
                .iter()
                .map(crate::callable::expand::unlisted_token)
                .collect(),
        );
        let call = finish(quote!(#ident(#(#call_args),*)));
        quote! {
            ::abide::__private::function::FunctionDef::noargs(
                ::abide::__private::cstr(#name),
                ::abide::__private::cstr(#doc),
                ::abide::__private::convention::function_noargs(|py| #call),
            ).with_stub(#stub)
        }
    } else {
        let args = fastcall_args(c);
        let parse = &args.parse;
        let call_args = with_cancel(args.call_args.clone());
        let call = finish(quote!(#ident(#(#call_args),*)));
        quote! {
            ::abide::__private::function::FunctionDef::fastcall(
                ::abide::__private::cstr(#name),
                ::abide::__private::cstr(#doc),
                ::abide::__private::convention::function(|py, __call| { #parse #call }),
            ).with_stub(#stub)
        }
    };

    quote! {
        #func
        #companion
        impl ::abide::__private::function::PyFunction for #ident {
            fn def() -> &'static ::abide::__private::function::FunctionDef {
                static DEF: ::abide::__private::function::FunctionDef = #def_value;
                &DEF
            }
        }
    }
}

/// The hidden type named like the function. Only `#[pyfunction]` declares it, so
/// `wrap_pyfunction!` of any other function finds no `PyFunction` impl.
pub fn companion(func: &ItemFn) -> TokenStream {
    let ident = &func.sig.ident;
    let vis = &func.vis;
    quote! {
        #[doc(hidden)]
        #[allow(dead_code, non_camel_case_types)]
        #vis struct #ident {}
    }
}
