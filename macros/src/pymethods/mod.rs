//! `#[pymethods]`: parse each method of the impl block (classify it, read its
//! receiver and signature), validate, and expand to wrapper functions plus one static
//! `ClassItems` table submitted through `inventory`.

mod dunder;
mod expand;
mod parse;
mod special;

use crate::ctx::Ctx;
use proc_macro2::TokenStream;

pub fn pymethods(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut block: syn::ItemImpl = match syn::parse2(item) {
        Ok(b) => b,
        Err(err) => return err.to_compile_error(),
    };
    let mut ctx = Ctx::default();
    if !attr.is_empty() {
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
    for item in block.items.iter_mut() {
        if let syn::ImplItem::Fn(func) = item {
            methods.push(parse::parse(&mut ctx, func));
        }
    }
    check_duplicates(&mut ctx, &methods);
    match ctx.check() {
        Ok(()) => expand::expand(&block, &methods),
        Err(err) => crate::fallback::item(quote::quote!(#block), err),
    }
}

/// Two methods with the same Python name (or two constructors) would silently shadow
/// each other: reject that.
fn check_duplicates(ctx: &mut Ctx, methods: &[parse::Method]) {
    use parse::Kind;
    let mut seen: Vec<(String, &syn::Ident)> = Vec::new();
    for m in methods {
        let key = match &m.kind {
            Kind::Method | Kind::Static | Kind::Class => {
                format!("attribute `{}`", m.callable.python_name)
            }
            Kind::ClassAttr(n) => format!("attribute `{n}`"),
            Kind::New => "constructor (#[new])".to_owned(),
            Kind::Getter(n) => format!("getter of `{n}`"),
            Kind::Setter(n) => format!("setter of `{n}`"),
            Kind::Special(_) => format!("special method `{}`", m.callable.python_name),
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            ctx.error_spanned_by(
                &m.ident,
                format!("duplicate Python {key}: `{first}` already defines it; rename one with #[py(name = \"...\")]"),
            );
        } else {
            seen.push((key, &m.ident));
        }
    }
}
