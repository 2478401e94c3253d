//! `#[pymodule]`: the user's init function becomes the module's `Py_mod_exec`, and a
//! `PyModExport_<name>` entry point returns the module's static slot table.

mod expand;
mod name;
mod parse;
mod punycode;
mod validate;

use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pymodule(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(err) => return err.to_compile_error(),
    };
    let mut ctx = Ctx::default();
    let parsed = parse::parse(&mut ctx, attr, &func);
    validate::validate(&mut ctx, &func, &parsed);
    match ctx.check() {
        Ok(()) => expand::expand(&func, &parsed),
        Err(err) => crate::fallback::item(item, err),
    }
}
