//! Reads the items of a declarative module: what it exports (`#[pymodule_export]` on a
//! `use` or a `const`, and the `#[pyfunction]`s, `#[pyclass]`es and `#[pymodule]`s
//! declared inside), its `#[pymodule_init]` function, and its nested modules (expanded
//! here too, so that one expansion sees the whole tree). The items come back without
//! the attributes only `#[pymodule]` understands.

use super::Expanded;
use crate::ctx::Ctx;
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Attribute, Ident, Item};

/// Something the module adds under its own Python name: a class, a function, an
/// exception or a submodule, named in the module by `ident`.
pub struct Export {
    pub cfgs: Vec<Attribute>,
    pub ident: Ident,
    /// What the user wrote, where an error about the item is shown.
    pub at: TokenStream,
}

/// A `#[pymodule_export] const`.
pub struct Const {
    pub cfgs: Vec<Attribute>,
    pub ident: Ident,
    pub ty: syn::Type,
}

/// The module's items, read.
#[derive(Default)]
pub struct Items {
    pub exports: Vec<Export>,
    pub consts: Vec<Const>,
    pub init: Option<syn::Signature>,
    /// The items as they are emitted, with the module's own items added.
    pub full: Vec<TokenStream>,
    /// The items as they are emitted when there are errors (nothing generated).
    pub stripped: Vec<TokenStream>,
}

const EXPORT_TAKES: &str = "#[pymodule_export] goes on a `use` of a #[pyfunction], a \
     #[pyclass], a `create_exception!` class or a #[pymodule], or on a `const`; a \
     #[pyfunction], #[pyclass] or #[pymodule] declared inside the module is exported \
     without it";

pub fn read(ctx: &mut Ctx, items: Vec<Item>) -> Items {
    let mut out = Items::default();
    for mut item in items {
        let Some(attrs) = attrs_mut(&mut item) else {
            out.push(item.to_token_stream());
            continue;
        };
        let export = take(attrs, "pymodule_export");
        let init = take(attrs, "pymodule_init");
        for attr in export.iter().chain(&init) {
            no_arguments(ctx, attr);
        }
        let cfgs: Vec<Attribute> = attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .cloned()
            .collect();
        match &mut item {
            Item::Use(u) if export.is_some() => {
                let mut leaves = Vec::new();
                use_leaves(ctx, &u.tree, None, &mut leaves);
                for (ident, at) in leaves {
                    out.exports.push(Export {
                        cfgs: cfgs.clone(),
                        ident,
                        at,
                    });
                }
            }
            Item::Const(c) if export.is_some() => out.consts.push(Const {
                cfgs,
                ident: c.ident.clone(),
                ty: (*c.ty).clone(),
            }),
            Item::Fn(f) if init.is_some() => {
                crate::pymodule::validate::signature(ctx, &f.sig, "#[pymodule_init] function");
                match &out.init {
                    Some(first) => ctx.error_spanned_by(
                        &f.sig.ident,
                        format!(
                            "a module has one #[pymodule_init] function, and `{}` is already \
                             it; do this work there",
                            first.ident
                        ),
                    ),
                    None => out.init = Some(f.sig.clone()),
                }
            }
            Item::Mod(m) if has_kind(&m.attrs, "pymodule") => {
                let attr = take_kind(&mut m.attrs, "pymodule");
                let Expanded { full, stripped } =
                    super::module(ctx, attr_tokens(attr.as_ref()), m.clone(), true);
                out.exports.push(Export {
                    cfgs,
                    ident: m.ident.clone(),
                    at: m.ident.to_token_stream(),
                });
                out.full.push(full);
                out.stripped.push(stripped);
                continue;
            }
            Item::Fn(f) if has_kind(&f.attrs, "pymodule") => {
                // A function module inside: a submodule, with no entry points.
                let attr = take_kind(&mut f.attrs, "pymodule");
                let tokens = attr_tokens(attr.as_ref());
                let path = attr.as_ref().map(|a| a.path().clone());
                let is_sub = tokens
                    .clone()
                    .into_iter()
                    .any(|t| matches!(&t, proc_macro2::TokenTree::Ident(i) if i == "submodule"));
                let tokens = if is_sub {
                    tokens
                } else if tokens.is_empty() {
                    quote!(submodule)
                } else {
                    quote!(submodule, #tokens)
                };
                f.attrs.insert(0, syn::parse_quote!(#[#path(#tokens)]));
                out.exports.push(Export {
                    cfgs,
                    ident: f.sig.ident.clone(),
                    at: f.sig.ident.to_token_stream(),
                });
            }
            Item::Fn(f) if has_kind(&f.attrs, "pyfunction") => out.exports.push(Export {
                cfgs,
                ident: f.sig.ident.clone(),
                at: f.sig.ident.to_token_stream(),
            }),
            Item::Struct(s) if has_kind(&s.attrs, "pyclass") => out.exports.push(Export {
                cfgs,
                ident: s.ident.clone(),
                at: s.ident.to_token_stream(),
            }),
            Item::Enum(e) if has_kind(&e.attrs, "pyclass") => out.exports.push(Export {
                cfgs,
                ident: e.ident.clone(),
                at: e.ident.to_token_stream(),
            }),
            _ => {
                if let Some(attr) = export.as_ref().or(init.as_ref()) {
                    let msg = if attr.path().is_ident("pymodule_init") {
                        "#[pymodule_init] goes on a function: \
                         `fn init(m: &Module<'_>) -> PyResult<()>`"
                    } else {
                        EXPORT_TAKES
                    };
                    ctx.error_spanned_by(attr, msg);
                }
            }
        }
        out.push(item.to_token_stream());
    }
    out
}

impl Items {
    fn push(&mut self, item: TokenStream) {
        self.full.push(item.clone());
        self.stripped.push(item);
    }
}

/// The attributes of the items that can carry `#[pymodule_export]` or a macro of abide.
fn attrs_mut(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Use(i) => &mut i.attrs,
        Item::Const(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        _ => return None,
    })
}

/// Removes the attributes `#[name]` and returns the first.
fn take(attrs: &mut Vec<Attribute>, name: &str) -> Option<Attribute> {
    let mut first = None;
    attrs.retain(|a| {
        if a.path().is_ident(name) {
            first.get_or_insert_with(|| a.clone());
            false
        } else {
            true
        }
    });
    first
}

/// Whether an attribute is abide's macro `name` (`#[pyclass]`, `#[abide::pyclass(...)]`).
fn is_kind(attr: &Attribute, name: &str) -> bool {
    attr.path().segments.last().is_some_and(|s| s.ident == name)
}

fn has_kind(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| is_kind(a, name))
}

/// Removes the first attribute that is abide's macro `name`, and returns it.
fn take_kind(attrs: &mut Vec<Attribute>, name: &str) -> Option<Attribute> {
    let i = attrs.iter().position(|a| is_kind(a, name))?;
    Some(attrs.remove(i))
}

/// What is inside an attribute's parentheses.
fn attr_tokens(attr: Option<&Attribute>) -> TokenStream {
    match attr.map(|a| &a.meta) {
        Some(syn::Meta::List(list)) => list.tokens.clone(),
        _ => TokenStream::new(),
    }
}

fn no_arguments(ctx: &mut Ctx, attr: &Attribute) {
    if !matches!(attr.meta, syn::Meta::Path(_)) {
        let name = attr.path().to_token_stream();
        ctx.error_spanned_by(
            attr,
            format!("`#[{name}]` takes no arguments; write `#[{name}]`"),
        );
    }
}

/// The names a `use` brings into the module, with the tokens that name each.
fn use_leaves(
    ctx: &mut Ctx,
    tree: &syn::UseTree,
    parent: Option<&Ident>,
    out: &mut Vec<(Ident, TokenStream)>,
) {
    match tree {
        syn::UseTree::Path(p) => use_leaves(ctx, &p.tree, Some(&p.ident), out),
        syn::UseTree::Name(n) if n.ident == "self" => match parent {
            Some(parent) => out.push((parent.clone(), n.to_token_stream())),
            None => ctx.error_spanned_by(n, "expected an item to export"),
        },
        syn::UseTree::Name(n) => out.push((n.ident.clone(), n.to_token_stream())),
        syn::UseTree::Rename(r) if r.rename == "_" => ctx.error_spanned_by(
            r,
            "an exported item needs a name in the module: write `use path::Item;`",
        ),
        syn::UseTree::Rename(r) => out.push((r.rename.clone(), r.to_token_stream())),
        syn::UseTree::Glob(g) => ctx.error_spanned_by(
            g,
            "#[pymodule_export] names what it exports: write `use path::{A, b};` \
             instead of `*`",
        ),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_leaves(ctx, tree, parent, out);
            }
        }
    }
}
