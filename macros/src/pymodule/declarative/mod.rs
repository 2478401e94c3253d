//! `#[pymodule] mod name { ... }`, the declarative form: the module's items say what it
//! exports, nested `#[pymodule] mod`s are its submodules (created in the top-level
//! module's `Py_mod_exec`), and a `#[pymodule_init]` function runs last. The top-level
//! module has the same entry points and static slot table as a `#[pymodule]` function.

mod expand;
mod items;

use super::parse;
use crate::ctx::Ctx;
use proc_macro2::TokenStream;
use quote::quote;

/// One module's expansion, and what is emitted in its place when there are errors (its
/// items without the attributes only `#[pymodule]` understands, so that the errors are
/// not buried under "cannot find attribute `pymodule_export`").
pub struct Expanded {
    pub full: TokenStream,
    pub stripped: TokenStream,
}

pub fn pymodule(attr: TokenStream, item: syn::ItemMod) -> TokenStream {
    let mut ctx = Ctx::default();
    let Expanded { full, stripped } = module(&mut ctx, attr, item, false);
    match ctx.check() {
        Ok(()) => full,
        Err(err) => {
            let errors = err.to_compile_error();
            quote!(#stripped #errors)
        }
    }
}

/// Expands one module (`nested`: inside another declarative module).
fn module(ctx: &mut Ctx, attr: TokenStream, mut item: syn::ItemMod, nested: bool) -> Expanded {
    let parsed = parse::parse(ctx, attr, &item.ident, &item.attrs, nested);
    parse::strip_pyo3_attrs(&mut item.attrs);
    super::validate::common(ctx, &item.ident, &parsed);
    if let Some(unsafety) = &item.unsafety {
        ctx.error_spanned_by(unsafety, "a #[pymodule] mod cannot be `unsafe`");
    }
    let Some((_, content)) = item.content.clone() else {
        ctx.error_spanned_by(
            &item,
            format!(
                "a declarative #[pymodule] is written inline, so that the macro sees its \
                 items: `mod {} {{ ... }}`",
                item.ident
            ),
        );
        let stripped = quote!(#item);
        return Expanded {
            full: stripped.clone(),
            stripped,
        };
    };
    let items = items::read(ctx, content);
    expand::expand(&item, &parsed, items)
}
