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
    let mut func: syn::ItemFn = match syn::parse2(item) {
        Ok(f) => f,
        Err(err) => return err.to_compile_error(),
    };
    let mut ctx = Ctx::default();
    let options = parse::options(&mut ctx, attr);
    let cancel = crate::callable::asyncness::take_cancel_handle(&mut ctx, &mut func.sig);
    let parsed = parse::parse(&mut ctx, &func, &options, cancel);
    validate::validate(&mut ctx, &func, &parsed);
    match ctx.check() {
        Ok(()) => expand::expand(&func, &parsed),
        Err(err) => {
            // A `#[pyo3(...)]` or `#[py(...)]` is reported above; left on the function,
            // it would also be "cannot find attribute".
            let mut func = func;
            func.attrs
                .retain(|a| !a.path().is_ident("pyo3") && !a.path().is_ident("py"));
            crate::fallback::pyfunction(&func, err)
        }
    }
}
