//! `#[pyfunction]`: parse the function, validate its signature, expand to a static
//! `FunctionDef` plus a fastcall wrapper.

mod expand;
pub use expand::companion;
mod parse;
pub use parse::shadows_primitive;

use crate::attr::{FunctionOptions, parse_items};
use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pyfunction(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func: syn::ItemFn = match syn::parse2(item) {
        Ok(f) => f,
        Err(err) => return err.to_compile_error(),
    };
    let mut ctx = Ctx::default();
    let options = match parse_items(attr) {
        Ok(items) => FunctionOptions::from_items(&mut ctx, items, "pyfunction"),
        Err(err) => {
            ctx.syn_error(err);
            FunctionOptions::default()
        }
    };
    let parsed = parse::parse(&mut ctx, &func, &options);
    match ctx.check() {
        Ok(()) => expand::expand(&func, &parsed),
        Err(err) => crate::fallback::pyfunction(&func, err),
    }
}
