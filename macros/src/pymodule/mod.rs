//! `#[pymodule]`: on a function, the function becomes the module's `Py_mod_exec`; on an
//! inline `mod` (the declarative form, `declarative/`), the module's items say what it
//! exports. Either way a `PyModExport_<name>` entry point returns the module's static
//! slot table.

mod declarative;
mod expand;
mod name;
mod parse;
mod punycode;
mod validate;

use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pymodule(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item: syn::Item = match syn::parse2(item.clone()) {
        Ok(i) => i,
        Err(err) => return err.to_compile_error(),
    };
    let mut func = match item {
        syn::Item::Fn(f) => f,
        syn::Item::Mod(m) => return declarative::pymodule(attr, m),
        other => {
            return syn::Error::new_spanned(
                quote::ToTokens::to_token_stream(&other).into_iter().next(),
                "#[pymodule] goes on a function, `fn name(m: &Module<'_>) -> PyResult<()>`, \
                 or on an inline module, `mod name { ... }`",
            )
            .to_compile_error();
        }
    };
    let mut ctx = Ctx::default();
    let parsed = parse::parse(&mut ctx, attr, &func.sig.ident, &func.attrs, false);
    validate::validate(&mut ctx, &func, &parsed);
    match ctx.check() {
        Ok(()) => expand::expand(&func, &parsed),
        Err(err) => {
            parse::strip_pyo3_attrs(&mut func.attrs);
            crate::fallback::item(quote::ToTokens::to_token_stream(&func), err)
        }
    }
}
