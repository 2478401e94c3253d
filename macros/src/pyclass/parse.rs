//! Parsing and validation of `#[pyclass(...)]` and its fields' `#[py(get, set)]`.

use crate::ctx::Ctx;
use proc_macro2::TokenStream;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Ident, ItemStruct, LitStr, Meta, Path, Token, Type};

/// The options of `#[pyclass(...)]`.
#[derive(Default)]
pub struct Options {
    pub name: Option<LitStr>,
    pub module: Option<LitStr>,
    pub subclass: bool,
    pub frozen: bool,
    pub extends: Option<Path>,
    pub get_all: bool,
    pub set_all: bool,
    /// Special methods derived from the struct's Rust traits.
    pub derive: Derived,
}

/// `eq`, `ord`, `hash`, `str`: special methods from `PartialEq`, `PartialOrd`, `Hash` and
/// `Display`. Each holds the option's path, for error spans.
#[derive(Default)]
pub struct Derived {
    pub eq: Option<Path>,
    pub ord: Option<Path>,
    pub hash: Option<Path>,
    pub str: Option<Path>,
}

impl Derived {
    pub fn any(&self) -> bool {
        self.eq.is_some() || self.ord.is_some() || self.hash.is_some() || self.str.is_some()
    }
}

const KNOWN: &str = "`name = \"...\"`, `module = \"...\"`, `subclass`, `extends = Base`, `frozen`, `get_all`, `set_all`, `eq`, `ord`, `hash`, `str`";

pub fn parse_options(ctx: &mut Ctx, attr: TokenStream) -> Options {
    let mut out = Options::default();
    let mut set_all = None;
    let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr) {
        Ok(m) => m,
        Err(err) => {
            ctx.syn_error(err);
            return out;
        }
    };
    for meta in metas {
        let key = meta
            .path()
            .get_ident()
            .map(Ident::to_string)
            .unwrap_or_default();
        match (key.as_str(), &meta) {
            ("subclass", Meta::Path(_)) => out.subclass = true,
            ("frozen", Meta::Path(_)) => out.frozen = true,
            ("get_all", Meta::Path(_)) => out.get_all = true,
            ("eq", Meta::Path(p)) => out.derive.eq = Some(p.clone()),
            ("ord", Meta::Path(p)) => out.derive.ord = Some(p.clone()),
            ("hash", Meta::Path(p)) => out.derive.hash = Some(p.clone()),
            ("str", Meta::Path(p)) => out.derive.str = Some(p.clone()),
            ("set_all", Meta::Path(p)) => {
                out.set_all = true;
                set_all = Some(p.clone());
            }
            ("name", Meta::NameValue(nv)) => match lit_str(&nv.value) {
                Some(s) => out.name = Some(s),
                None => ctx.error_spanned_by(&nv.value, "expected a string: `name = \"PythonName\"`"),
            },
            ("module", Meta::NameValue(nv)) => match lit_str(&nv.value) {
                Some(s) => out.module = Some(s),
                None => ctx.error_spanned_by(&nv.value, "expected a string: `module = \"package.module\"`"),
            },
            ("extends", Meta::NameValue(nv)) => match &nv.value {
                syn::Expr::Path(p) => out.extends = Some(p.path.clone()),
                other => ctx.error_spanned_by(other, "expected the base class's type: `extends = Base`"),
            },
            ("unsendable", _) => ctx.error_spanned_by(
                meta.path(),
                "`unsendable` is not supported: abide classes are used from any thread on free-threaded \
                 Python, so they must be `Send + Sync` (wrap non-thread-safe state in a `Mutex`)",
            ),
            _ => ctx.error_spanned_by(
                meta.path(),
                format!("unknown #[pyclass] option `{}`; expected one of {KNOWN}", quote::quote!(#meta)),
            ),
        }
    }
    if let Some(path) = set_all.filter(|_| out.frozen) {
        ctx.error_spanned_by(
            path,
            "`set_all` cannot be combined with `frozen`: a frozen class is never modified; \
             remove one of them",
        );
    }
    out
}

/// For a struct: `ord` compares with `__eq__` too, and `hash` is only sound for a value
/// that compares by `eq` and never changes (a dict would lose it otherwise): PyO3's rules.
pub fn validate_derived(ctx: &mut Ctx, options: &Options) {
    let d = &options.derive;
    if let (Some(ord), None) = (&d.ord, &d.eq) {
        ctx.error_spanned_by(
            ord,
            "`ord` needs `eq` as well: `#[pyclass(eq, ord)]` (Python's orderings come with \
             an equality)",
        );
    }
    if let Some(hash) = &d.hash {
        if d.eq.is_none() || !options.frozen {
            ctx.error_spanned_by(
                hash,
                "`hash` needs `eq` and `frozen`: `#[pyclass(frozen, eq, hash)]` (a hash must \
                 agree with equality and never change while the object is in a dict or set)",
            );
        }
    }
}

fn lit_str(expr: &syn::Expr) -> Option<LitStr> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.clone()),
        _ => None,
    }
}

/// A named field with what Python may do with it.
pub struct Field {
    pub ident: Ident,
    pub ty: Type,
    pub python_name: String,
    pub get: bool,
    pub set: bool,
    /// The field's doc comment (for the type stub).
    pub doc: String,
}

/// Every field of the struct (named or not), for the garbage collector: which ones hold
/// Python references, their types decide (`abide::class::Traverse`).
pub fn members(strukt: &ItemStruct) -> Vec<(syn::Member, Type)> {
    strukt
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let member = match &f.ident {
                Some(ident) => syn::Member::Named(ident.clone()),
                None => syn::Member::Unnamed(syn::Index::from(i)),
            };
            (member, f.ty.clone())
        })
        .collect()
}

/// Reads (and removes) the `#[py(...)]` attributes of the fields.
pub fn take_fields(ctx: &mut Ctx, strukt: &mut ItemStruct, options: &Options) -> Vec<Field> {
    let mut out = Vec::new();
    let syn::Fields::Named(named) = &mut strukt.fields else {
        if !matches!(strukt.fields, syn::Fields::Unit) && (options.get_all || options.set_all) {
            ctx.error_spanned_by(&strukt.fields, "`get_all`/`set_all` need named fields");
        }
        return out;
    };
    for field in named.named.iter_mut() {
        let ident = field.ident.clone().expect("named field");
        let mut get = options.get_all;
        let mut set = options.set_all;
        let mut explicit_set = None;
        let mut python_name = ident.to_string().trim_start_matches("r#").to_owned();
        let mut keep = Vec::new();
        for attr in field.attrs.drain(..) {
            if !attr.path().is_ident("py") {
                keep.push(attr);
                continue;
            }
            let parsed = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated);
            match parsed {
                Err(err) => ctx.syn_error(err),
                Ok(metas) => {
                    for meta in metas {
                        match &meta {
                            Meta::Path(p) if p.is_ident("get") => get = true,
                            Meta::Path(p) if p.is_ident("set") => {
                                set = true;
                                explicit_set = Some(p.clone());
                            }
                            Meta::NameValue(nv) if nv.path.is_ident("name") => {
                                match lit_str(&nv.value) {
                                    Some(s) => python_name = s.value(),
                                    None => ctx.error_spanned_by(&nv.value, "expected a string"),
                                }
                            }
                            _ => {
                                let key = meta.path();
                                ctx.error_spanned_by(
                                    &meta,
                                    format!(
                                        "unknown field option `{}`; expected `get`, `set` or `name = \"...\"`",
                                        quote::quote!(#key)
                                    ),
                                )
                            }
                        }
                    }
                }
            }
        }
        field.attrs = keep;
        if let Some(path) = explicit_set.filter(|_| options.frozen) {
            ctx.error_spanned_by(
                path,
                "a field of a `frozen` class cannot have a setter: a frozen class is never \
                 modified; remove `set` (or `frozen`)",
            );
        }
        out.push(Field {
            doc: crate::docs::collect(&field.attrs),
            ident,
            ty: field.ty.clone(),
            python_name,
            get,
            set,
        });
    }
    out
}

/// Checks what `#[pyclass]` cannot support.
pub fn validate(ctx: &mut Ctx, strukt: &ItemStruct) {
    if !strukt.generics.params.is_empty() {
        ctx.error_spanned_by(
            &strukt.generics,
            "#[pyclass] cannot have generic or lifetime parameters: Python needs one concrete type; \
             write a #[pyclass] for each concrete type you need (it may wrap the generic one)",
        );
    }
    for field in &strukt.fields {
        if is_object_header(&field.ty) {
            ctx.error_spanned_by(
                &field.ty,
                "a #[pyclass] does not embed a `PyObject` header: CPython keeps its header apart, \
                 and the struct is stored as PEP 697 type data after it; remove this field \
                 (to hold a reference to a Python object, use `Py<PyAny>`)",
            );
        }
    }
}

/// `PyObject` or `PyVarObject` (e.g. `ffi::PyObject`), the C object header.
fn is_object_header(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    p.path.segments.last().is_some_and(|s| {
        (s.ident == "PyObject" || s.ident == "PyVarObject") && s.arguments.is_none()
    })
}
