//! Parsing of `#[pyclass(...)]` and its fields' `#[py(get, set, name = "...")]`. The
//! checks between the options and the struct are in `validate.rs`.

use crate::attr::{Given, Opt, Site};
use crate::ctx::Ctx;
use proc_macro2::TokenStream;
use syn::{Attribute, Ident, ItemStruct, LitStr, Path, Type};

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
    /// `dict` and `weakref`: instances get a `__dict__` / support weak references.
    pub dict: bool,
    pub weakref: bool,
    /// Special methods derived from the struct's Rust traits.
    pub derive: Derived,
    /// The options as written, for the messages of validation.
    pub given: Given,
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

/// What `#[pyclass(...)]` accepts, and where each option goes.
const CLASS: Site<Options> = Site {
    name: "`#[pyclass]`",
    options: &[
        Opt::str("name", |o, v| o.name = Some(v)),
        Opt::str("module", |o, v| o.module = Some(v)),
        Opt::flag("subclass", |o, _| o.subclass = true),
        Opt::path("extends", "the base class's type", "Base", |o, v| {
            o.extends = Some(v)
        }),
        Opt::flag("frozen", |o, _| o.frozen = true),
        Opt::flag("get_all", |o, _| o.get_all = true),
        Opt::flag("set_all", |o, _| o.set_all = true),
        Opt::flag("dict", |o, _| o.dict = true),
        Opt::flag("weakref", |o, _| o.weakref = true),
        Opt::flag("eq", |o, key| o.derive.eq = Some(key.into())),
        Opt::flag("ord", |o, key| o.derive.ord = Some(key.into())),
        Opt::flag("hash", |o, key| o.derive.hash = Some(key.into())),
        Opt::flag("str", |o, key| o.derive.str = Some(key.into())),
    ],
    rejected: &[(
        "unsendable",
        "`unsendable` is not supported: abide classes are used from any thread on free-threaded \
         Python, so they must be `Send + Sync` (wrap non-thread-safe state in a `Mutex`)",
    )],
};

/// Reports (and removes) PyO3's `#[pyo3(...)]` (or `#[py(...)]`) on the struct or enum
/// itself, where PyO3 also reads class options: abide takes them in `#[pyclass(...)]`.
pub fn take_item_pyo3(ctx: &mut Ctx, attrs: &mut Vec<Attribute>) {
    attrs.retain(|attr| {
        if !crate::attr::is_item_options(attr) {
            return true;
        }
        crate::attr::misplaced_options(ctx, attr, "pyclass", Some(&CLASS.accepted()));
        false
    });
}

pub fn parse_options(ctx: &mut Ctx, attr: TokenStream) -> Options {
    let (mut options, given) = CLASS.parse(ctx, attr);
    options.given = given;
    options
}

/// The options of a field's `#[py(...)]`. The flags hold their key, for messages.
#[derive(Default)]
pub struct FieldOptions {
    pub get: Option<Ident>,
    pub set: Option<Ident>,
    pub name: Option<LitStr>,
}

/// What `#[py(...)]` on a field accepts, and where each option goes.
const FIELD: Site<FieldOptions> = Site {
    name: "`#[py]` on a field",
    options: &[
        Opt::flag("get", |o, key| o.get = Some(key)),
        Opt::flag("set", |o, key| o.set = Some(key)),
        Opt::str("name", |o, v| o.name = Some(v)),
    ],
    rejected: &[],
};

/// A named field with what Python may do with it.
pub struct Field {
    pub ident: Ident,
    pub ty: Type,
    pub python_name: String,
    pub get: bool,
    pub set: bool,
    /// The field's doc comment (for the type stub).
    pub doc: crate::docs::Doc,
    /// The field's own `#[py(...)]` options (`get` and `set` above include the class's
    /// `get_all` and `set_all`).
    pub options: FieldOptions,
    /// Where the value is: `None` for the struct's field `ident`; for a field of a data
    /// enum's variant, the enum's type and a pattern that binds the field as `__field`.
    pub variant: Option<(syn::Ident, TokenStream)>,
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

/// Reads (and removes) the `#[py(...)]` attributes of the fields. A field's `get` and
/// `set` include the class's `get_all` and `set_all`.
pub fn take_fields(ctx: &mut Ctx, strukt: &mut ItemStruct, options: &Options) -> Vec<Field> {
    let mut out = Vec::new();
    for field in strukt.fields.iter_mut() {
        let (field_options, written) = take_field_options(ctx, &mut field.attrs);
        let Some(ident) = field.ident.clone() else {
            if let Some(attr) = written {
                ctx.error_spanned_by(
                    attr,
                    "`#[py(...)]` goes on a named field: a property is named after its field; \
                     give the struct named fields, or write a #[getter] method",
                );
            }
            continue;
        };
        let python_name = match &field_options.name {
            Some(name) => name.value(),
            None => ident.to_string().trim_start_matches("r#").to_owned(),
        };
        out.push(Field {
            doc: crate::docs::collect(&field.attrs),
            ident,
            ty: field.ty.clone(),
            python_name,
            get: options.get_all || field_options.get.is_some(),
            set: options.set_all || field_options.set.is_some(),
            options: field_options,
            variant: None,
        });
    }
    out
}

/// Reads (and removes) the `#[py(...)]` attributes of one field; also returns the first
/// of them, if any.
fn take_field_options(
    ctx: &mut Ctx,
    attrs: &mut Vec<Attribute>,
) -> (FieldOptions, Option<Attribute>) {
    let mut options = FieldOptions::default();
    let mut given = Given::default();
    let mut first = None;
    let mut keep = Vec::new();
    for attr in attrs.drain(..) {
        if attr.path().is_ident("py") {
            FIELD.parse_attr(ctx, &attr, &mut options, &mut given);
            first.get_or_insert(attr);
        } else if attr.path().is_ident("pyo3") {
            ctx.error_spanned_by(&attr, "abide spells PyO3's `#[pyo3(...)]` as `#[py(...)]`");
        } else {
            keep.push(attr);
        }
    }
    *attrs = keep;
    (options, first)
}
