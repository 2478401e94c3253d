//! `#[pyfunction]`: parse the function, validate its signature, expand to a static
//! `FunctionDef` plus a fastcall wrapper.

mod expand;
pub use expand::companion;
mod parse;
pub use parse::shadows_primitive;
mod validate;

use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pyfunction(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func: syn::ItemFn = match syn::parse2(item) {
        Ok(f) => f,
        Err(err) => return err.to_compile_error(),
    };
    let mut ctx = Ctx::default();
    let options = parse::options(&mut ctx, attr);
    let parsed = parse::parse(&mut ctx, &func, &options);
    validate::validate(&mut ctx, &func, &parsed);
    match ctx.check() {
        Ok(()) => expand::expand(&func, &parsed),
        Err(err) => crate::fallback::pyfunction(&func, err),
    }
}
