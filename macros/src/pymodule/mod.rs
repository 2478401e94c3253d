//! `#[pymodule]`: the user's init function becomes the module's `Py_mod_exec`, and a
//! `PyModExport_<name>` entry point returns the module's static slot table.

use crate::attr::{OptionItem, parse_items};
use crate::ctx::Ctx;
use crate::docs;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn pymodule(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(err) => return err.to_compile_error(),
    };
    let mut ctx = Ctx::default();
    let mut name = None;
    match parse_items(attr) {
        Ok(items) => {
            for item in items {
                match item {
                    OptionItem::Name(_, lit) => name = Some(lit),
                    OptionItem::Signature(key, _) | OptionItem::Other(key) => ctx.error_spanned_by(
                        &key,
                        format!(
                            "unknown option `{key}` for `#[pymodule]`; expected `name = \"...\"`"
                        ),
                    ),
                }
            }
        }
        Err(err) => ctx.syn_error(err),
    }
    let sig = &func.sig;
    if sig.inputs.len() != 1 {
        ctx.error_spanned_by(
            &sig.inputs,
            "a #[pymodule] function takes exactly one parameter, the module: `fn name(m: &Module<'_>) -> PyResult<()>`",
        );
    }
    if !sig
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)))
    {
        ctx.error_spanned_by(&sig.generics, "a #[pymodule] function cannot be generic");
    }
    let module_name = name
        .as_ref()
        .map_or_else(|| sig.ident.to_string(), |l| l.value());
    if module_name.is_empty() || !module_name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        ctx.error_spanned_by(
            &sig.ident,
            format!(
                "`{module_name}` is not a valid Python module name (letters, digits and `_` only)"
            ),
        );
    }
    let doc = docs::collect(&func.attrs);
    if let Err(err) = ctx.check() {
        return crate::fallback::item(item, err);
    }
    expand(&func, &module_name, &doc)
}

fn expand(func: &syn::ItemFn, module_name: &str, doc: &str) -> TokenStream {
    let ident = &func.sig.ident;
    let export = format_ident!("PyModExport_{}", module_name);
    let legacy_init = format_ident!("PyInit_{}", module_name);
    let name = docs::c_bytes(module_name);
    let doc = docs::c_bytes(doc);
    quote! {
        #func

        const _: () = {
            unsafe extern "C" fn __abide_exec(module: *mut ::abide::ffi::PyObject) -> ::core::ffi::c_int {
                unsafe { ::abide::impl_::module::exec(module, |m| #ident(m)) }
            }

            static __ABIDE_MODULE: ::abide::impl_::module::ModuleDef = ::abide::impl_::module::ModuleDef::new(
                ::abide::impl_::cstr(#name),
                ::abide::impl_::cstr(#doc),
                __abide_exec,
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
                ::abide::impl_::cstr(#name),
                ::abide::impl_::cstr(#doc),
                __abide_exec
            );
        };
    }
}
