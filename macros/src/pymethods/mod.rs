//! `#[pymethods]`: parse each method of the impl block (classify it by its attributes,
//! `attrs.rs`; read its receiver and signature; special methods from their row in
//! `specials`) and its `#[classattr]` constants (`consts.rs`), validate the methods'
//! shapes and the Python names, and expand to one static `ClassItems` table of bodies
//! and slot entries, submitted through `inventory`.

mod attrs;
mod consts;
mod expand;
mod parse;
mod special;
pub(crate) mod specials;
mod stub;
mod validate;

use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pymethods(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut block: syn::ItemImpl = match syn::parse2(item) {
        Ok(b) => b,
        Err(err) => return err.to_compile_error(),
    };
    let mut ctx = Ctx::default();
    // abide's own classes (the coroutine object) list their table themselves: through
    // `inventory`, it would be kept in every binary that links the runtime, which cannot
    // link without an interpreter.
    let registered = attr.to_string() != "__abide_runtime";
    if registered && !attr.is_empty() {
        ctx.error_spanned_by(&attr, "#[pymethods] takes no options");
    }
    if let Some((_, path, _)) = &block.trait_ {
        ctx.error_spanned_by(
            path,
            "#[pymethods] goes on an inherent `impl Type { ... }` block, not a trait impl",
        );
    }
    if !block.generics.params.is_empty() {
        ctx.error_spanned_by(
            &block.generics,
            "#[pymethods] cannot be generic: #[pyclass] types are concrete",
        );
    }
    let mut methods = Vec::new();
    let mut constants = Vec::new();
    let self_ty = (*block.self_ty).clone();
    for item in block.items.iter_mut() {
        match item {
            syn::ImplItem::Fn(func) => methods.push(parse::parse(&mut ctx, func, &self_ty)),
            syn::ImplItem::Const(c) => constants.extend(consts::class_const(&mut ctx, c)),
            _ => {}
        }
    }
    for method in &methods {
        validate::check_attributes(&mut ctx, method);
        validate::check_shape(&mut ctx, method);
    }
    validate::check_duplicates(&mut ctx, &methods);
    match ctx.check() {
        Ok(()) => expand::expand(&block, &methods, &constants, registered),
        Err(err) => crate::fallback::item(quote::quote!(#block), err),
    }
}
