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
    let export = format_ident!("{}", hook_symbol("PyModExport", &parsed.name));
    let legacy_init = format_ident!("{}", hook_symbol("PyInit", &parsed.name));
    let name = docs::c_bytes(&parsed.name);
    let doc = parsed.doc.c_bytes_expr();
    let init = init_call(func);
    let reserved = reserved_pyinit(parsed);
    quote! {
        #func
        #reserved

        const _: () = {
            const __ABIDE_EXEC: ::abide::__private::module::ExecFn =
                ::abide::__private::convention::module_exec(|__abide_module| #init);

            static __ABIDE_MODULE: ::abide::__private::module::ModuleDef = ::abide::__private::module::ModuleDef::new(
                ::abide::__private::cstr(#name),
                ::abide::__private::cstr(#doc),
                __ABIDE_EXEC,
            );

            /// The module's entry point (PEP 793): its slot table.
            #[unsafe(no_mangle)]
            #[allow(non_snake_case)]
            pub unsafe extern "C" fn #export(_spec: *mut ::abide::ffi::PyObject) -> *mut ::abide::ffi::PySlot {
                __ABIDE_MODULE.export()
            }

            // CPython 3.13 and 3.14 look for `PyInit_<name>` instead (unless abide's
            // `abi3t-only` feature is on).
            ::abide::__abide_pyinit!(
                #legacy_init,
                ::abide::__private::cstr(#name),
                ::abide::__private::cstr(#doc),
                __ABIDE_EXEC
            );
        };
    }
}

/// The call of the user's function from `Py_mod_exec` (with `m: &Module`). Its argument
/// and result pass through diagnostic traits spanned at the parameter and return types,
/// so a wrong type is reported there with the signature to write.
fn init_call(func: &syn::ItemFn) -> TokenStream {
    let ident = &func.sig.ident;
    let param = match func.sig.inputs.first() {
        Some(syn::FnArg::Typed(pt)) => UserSpan::of(&pt.ty),
        _ => UserSpan::of(&func.sig.inputs),
    };
    let arg = param.call(
        quote!(::abide::__private::module::ModuleParam::from_module),
        quote!(__abide_module),
    );
    let output = match &func.sig.output {
        syn::ReturnType::Type(_, ty) => UserSpan::of(ty),
        syn::ReturnType::Default => UserSpan::single(ident.span()),
    };
    let result = output.call(
        quote!(::abide::__private::module::ModuleResult::into_module_result),
        output.value(quote!(__ret)),
    );
    quote! {{
        let __ret = #ident(#arg);
        #result
    }}
}

/// A private item named `PyInit_<name>` in the user's module, so that a hand-written
/// `PyInit_<name>` next to the module is a "defined multiple times" error, as is a second
/// `#[pymodule]` of the same name in the same Rust module. abide's own `PyInit_<name>`
/// (for CPython 3.13 and 3.14) sits in a `const _` block, where it cannot clash by name,
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
