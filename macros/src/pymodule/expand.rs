//! Expansion of `#[pymodule]`: the function, its `Py_mod_exec` shim, the static slot
//! table, the entry points (`PyModExport_<name>`, and `PyInit_<name>` for CPython 3.13
//! and 3.14; `PyModExportU_`/`PyInitU_` and the Punycode of a name that is not ASCII),
//! and the reserved name `PyInit_<name>` in the user's module.

use super::name::hook_symbol;
use super::parse::Parsed;
use crate::docs;
use crate::span::UserSpan;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

pub fn expand(func: &syn::ItemFn, parsed: &Parsed) -> TokenStream {
    let body = init_call(&func.sig, quote!(__abide_module));
    let entry = entry_points(parsed, quote!(|__abide_module| #body));
    let companion = companion(func, parsed);
    quote! {
        #func
        #entry
        #companion
    }
}

/// The module's entry points (none for a submodule): the reserved name `PyInit_<name>`,
/// the static slot table whose `Py_mod_exec` runs `body` (a closure taking the module),
/// `PyModExport_<name>` and, for CPython 3.11 to 3.14, `PyInit_<name>`.
pub fn entry_points(parsed: &Parsed, body: TokenStream) -> TokenStream {
    if parsed.submodule {
        return TokenStream::new();
    }
    let export = format_ident!("{}", hook_symbol("PyModExport", &parsed.name));
    let legacy_init = format_ident!("{}", hook_symbol("PyInit", &parsed.name));
    let name = docs::c_bytes(&parsed.name);
    let doc = parsed.doc.c_bytes_expr();
    let gil_used = parsed.gil_used;
    let reserved = reserved_pyinit(parsed);
    quote! {
        #reserved

        const _: () = {
            const __ABIDE_EXEC: ::abide::__private::module::ExecFn =
                ::abide::__private::convention::module_exec(#body);

            static __ABIDE_MODULE: ::abide::__private::module::ModuleDef = ::abide::__private::module::ModuleDef::new(
                ::abide::__private::cstr(#name),
                ::abide::__private::cstr(#doc),
                __ABIDE_EXEC,
            ).gil_used(#gil_used);

            /// The module's entry point (PEP 793): its slot table.
            #[unsafe(no_mangle)]
            #[allow(non_snake_case)]
            pub unsafe extern "C" fn #export(_spec: *mut ::abide::ffi::PyObject) -> *mut ::abide::ffi::PySlot {
                __ABIDE_MODULE.export()
            }

            // CPython 3.11 to 3.14 look for `PyInit_<name>` instead (unless abide's
            // `abi3t-only` feature is on).
            ::abide::__abide_pyinit!(
                #legacy_init,
                ::abide::__private::cstr(#name),
                ::abide::__private::cstr(#doc),
                __ABIDE_EXEC,
                gil_used = #gil_used
            );
        };
    }
}

/// The hidden type under the function's name through which a declarative module exports
/// this one as a submodule (`#[pymodule_export] use super::name;`).
fn companion(func: &syn::ItemFn, parsed: &Parsed) -> TokenStream {
    let ident = &func.sig.ident;
    let vis = &func.vis;
    let name = &parsed.name;
    let doc = docs::c_bytes(&parsed.doc);
    let body = init_call(&func.sig, quote!(__abide_module));
    quote! {
        #[doc(hidden)]
        #[allow(dead_code, non_camel_case_types)]
        #vis struct #ident {}

        impl ::abide::__private::declarative::Submodule for #ident {
            const NAME: &'static str = #name;
            const DOC: &'static ::core::ffi::CStr = ::abide::__private::cstr(#doc);
            fn body(__abide_module: &::abide::types::Module<'_>) -> ::abide::PyResult<()> {
                #body
            }
        }
    }
}

/// The call of a function that fills a module in (`fn f(m: &Module<'_>)`, or
/// `fn f(py: Python<'_>, m: &Module<'_>)`) on `module`. Its arguments and result pass
/// through diagnostic traits spanned at the parameter and return types, so a wrong type
/// is reported there with the signature to write.
pub fn init_call(sig: &syn::Signature, module: TokenStream) -> TokenStream {
    let ident = &sig.ident;
    let span_of = |arg: Option<&syn::FnArg>| match arg {
        Some(syn::FnArg::Typed(pt)) => UserSpan::of(&pt.ty),
        _ => UserSpan::of(&sig.inputs),
    };
    let module_arg = span_of(sig.inputs.last()).call(
        quote!(::abide::__private::module::ModuleParam::from_module),
        quote!(#module),
    );
    let args = if sig.inputs.len() == 2 {
        let py = span_of(sig.inputs.first()).call(
            quote!(::abide::__private::module::ModulePy::from_py),
            quote!(::abide::PyAnyMethods::py(#module)),
        );
        quote!(#py, #module_arg)
    } else {
        module_arg
    };
    let output = match &sig.output {
        syn::ReturnType::Type(_, ty) => UserSpan::of(ty),
        syn::ReturnType::Default => UserSpan::single(ident.span()),
    };
    let result = output.call(
        quote!(::abide::__private::module::ModuleResult::into_module_result),
        output.value(quote!(__ret)),
    );
    quote! {{
        let __ret = #ident(#args);
        #result
    }}
}

/// A private item named `PyInit_<name>` in the user's module, so that a hand-written
/// `PyInit_<name>` next to the module is a "defined multiple times" error, as is a second
/// `#[pymodule]` of the same name in the same Rust module. abide's own `PyInit_<name>`
/// (for CPython 3.11 to 3.14) sits in a `const _` block, where it cannot clash by name,
/// and is absent with the `abi3t-only` feature, where a second entry point would break
/// the promise of an abi3t-only library; the reserved name covers both builds.
fn reserved_pyinit(parsed: &Parsed) -> TokenStream {
    // Spanned at the module's name, which a "defined multiple times" error then shows.
    let span = Span::call_site().located_at(parsed.name_span);
    let pyinit = format_ident!("{}", hook_symbol("PyInit", &parsed.name));
    crate::span::respan(
        quote! {
            #[doc(hidden)]
            #[allow(dead_code, non_snake_case)]
            fn #pyinit() {}
        },
        span,
    )
}
