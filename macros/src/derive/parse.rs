//! Parsing of a `#[derive(FromPyObject)]` / `#[derive(IntoPyObject)]` input: the struct
//! or enum, its variants, and the `#[py(...)]` options on them and on their fields. The
//! checks between the options and the shapes are in `validate.rs`.

use crate::attr::{Given, Opt, Site};
use crate::ctx::Ctx;
use proc_macro2::TokenStream;
use syn::{Attribute, Ident, LitStr, Path};

/// Which trait is derived.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    From,
    Into,
}

impl Derive {
    pub fn name(self) -> &'static str {
        match self {
            Derive::From => "FromPyObject",
            Derive::Into => "IntoPyObject",
        }
    }
}

/// The options of `#[py(...)]` on a struct or an enum variant. Each holds its key as
/// written, for the messages of validation.
#[derive(Default)]
pub struct ContainerOptions {
    pub transparent: Option<Ident>,
    pub from_item_all: Option<Ident>,
    pub annotation: Option<LitStr>,
    /// `rename_all = "camelCase"`: the rule for the fields' default names (here or on
    /// the enum).
    pub rename_all: Option<LitStr>,
    pub given: Given,
}

/// The options of `#[py(...)]` on a field.
#[derive(Default)]
pub struct FieldOptions {
    /// `item` or `item(key)`: the key's tokens.
    pub item: Option<(Ident, Option<TokenStream>)>,
    /// `attribute` or `attribute("name")`: the name's tokens.
    pub attribute: Option<(Ident, Option<TokenStream>)>,
    /// `default` or `default = expr`.
    pub default: Option<(Ident, Option<syn::Expr>)>,
    pub from_py_with: Option<Path>,
}

const FROM_CONTAINER: Site<ContainerOptions> = Site {
    name: "`#[py]` on a type deriving FromPyObject",
    options: &[
        Opt::flag("transparent", |o, k| o.transparent = Some(k)),
        Opt::flag("from_item_all", |o, k| o.from_item_all = Some(k)),
        Opt::str("annotation", |o, v| o.annotation = Some(v)),
        Opt::str("rename_all", |o, v| o.rename_all = Some(v)),
    ],
    rejected: &[(
        "crate",
        "`crate` is not needed: the derive refers to `::abide`; remove it",
    )],
};

const INTO_CONTAINER: Site<ContainerOptions> = Site {
    name: "`#[py]` on a type deriving IntoPyObject",
    options: &[
        Opt::flag("transparent", |o, k| o.transparent = Some(k)),
        Opt::str("rename_all", |o, v| o.rename_all = Some(v)),
    ],
    rejected: &[(
        "crate",
        "`crate` is not needed: the derive refers to `::abide`; remove it",
    )],
};

/// What `#[py(...)]` on the enum itself accepts (the rest goes on its variants).
const FROM_ENUM: Site<ContainerOptions> = Site {
    name: "`#[py]` on an enum deriving FromPyObject (other options go on its variants)",
    options: &[Opt::str("rename_all", |o, v| o.rename_all = Some(v))],
    rejected: &[],
};

const INTO_ENUM: Site<ContainerOptions> = Site {
    name: "`#[py]` on an enum deriving IntoPyObject (other options go on its variants)",
    options: &[Opt::str("rename_all", |o, v| o.rename_all = Some(v))],
    rejected: &[],
};

const FROM_FIELD: Site<FieldOptions> = Site {
    name: "`#[py]` on a field deriving FromPyObject",
    options: &[
        Opt::flag_or_arg("item", |o, k, v| o.item = Some((k, v))),
        Opt::flag_or_arg("attribute", |o, k, v| o.attribute = Some((k, v))),
        Opt::flag_or_expr("default", |o, k, v| o.default = Some((k, v))),
        Opt::path(
            "from_py_with",
            "a function `fn(&Object<'py>) -> PyResult<T>`",
            "path::to::function",
            |o, v| o.from_py_with = Some(v),
        ),
    ],
    rejected: &[],
};

const INTO_FIELD: Site<FieldOptions> = Site {
    name: "`#[py]` on a field deriving IntoPyObject",
    options: &[Opt::flag_or_arg("item", |o, k, v| o.item = Some((k, v)))],
    rejected: &[
        (
            "attribute",
            "`attribute` is for `FromPyObject`: `IntoPyObject` makes a dict, whose keys \
             `item(\"key\")` names",
        ),
        (
            "from_py_with",
            "`from_py_with` is for `FromPyObject`; implement `IntoPyObject` by hand for \
             another conversion",
        ),
        ("default", "`default` is for `FromPyObject`"),
    ],
};

/// A struct, or one variant of an enum, with its options and its fields' options.
pub struct Container {
    /// The struct's or the variant's name.
    pub ident: Ident,
    /// `Foo` for a struct, `Foo::A` for a variant: how errors name it.
    pub owner: String,
    /// Whether this is an enum's variant.
    pub variant: bool,
    pub fields: syn::Fields,
    pub options: ContainerOptions,
    pub field_options: Vec<FieldOptions>,
}

/// The parsed input.
pub enum Body {
    Struct(Container),
    /// The enum's variants; the enum's own `#[py]` attribute, if any (an error).
    Enum(Vec<Container>),
    /// A union (an error).
    Union,
}

pub fn parse(ctx: &mut Ctx, kind: Derive, input: &syn::DeriveInput) -> Body {
    let name = input.ident.to_string();
    match &input.data {
        syn::Data::Struct(s) => Body::Struct(container(
            ctx,
            kind,
            &input.attrs,
            &input.ident,
            name,
            false,
            &s.fields,
        )),
        syn::Data::Enum(e) => {
            let site = match kind {
                Derive::From => &FROM_ENUM,
                Derive::Into => &INTO_ENUM,
            };
            let mut options = ContainerOptions::default();
            let mut given = Given::default();
            for attr in &input.attrs {
                if attr.path().is_ident("py") {
                    site.parse_attr(ctx, attr, &mut options, &mut given);
                } else if attr.path().is_ident("pyo3") {
                    renamed(ctx, attr);
                }
            }
            let variants = e
                .variants
                .iter()
                .map(|v| {
                    let owner = format!("{name}::{}", v.ident);
                    let mut c = container(ctx, kind, &v.attrs, &v.ident, owner, true, &v.fields);
                    // The enum's rule, unless the variant has its own.
                    if c.options.rename_all.is_none() {
                        c.options.rename_all = options.rename_all.clone();
                    }
                    c
                })
                .collect();
            Body::Enum(variants)
        }
        syn::Data::Union(_) => Body::Union,
    }
}

fn container(
    ctx: &mut Ctx,
    kind: Derive,
    attrs: &[Attribute],
    ident: &Ident,
    owner: String,
    variant: bool,
    fields: &syn::Fields,
) -> Container {
    let site = match kind {
        Derive::From => &FROM_CONTAINER,
        Derive::Into => &INTO_CONTAINER,
    };
    let mut options = ContainerOptions::default();
    let mut given = Given::default();
    for attr in attrs {
        if attr.path().is_ident("py") {
            site.parse_attr(ctx, attr, &mut options, &mut given);
        } else if attr.path().is_ident("pyo3") {
            renamed(ctx, attr);
        }
    }
    options.given = given;
    let field_site = match kind {
        Derive::From => &FROM_FIELD,
        Derive::Into => &INTO_FIELD,
    };
    let field_options = fields
        .iter()
        .map(|field| {
            let mut options = FieldOptions::default();
            let mut given = Given::default();
            for attr in &field.attrs {
                if attr.path().is_ident("py") {
                    field_site.parse_attr(ctx, attr, &mut options, &mut given);
                } else if attr.path().is_ident("pyo3") {
                    renamed(ctx, attr);
                }
            }
            options
        })
        .collect();
    Container {
        ident: ident.clone(),
        owner,
        variant,
        fields: fields.clone(),
        options,
        field_options,
    }
}

/// PyO3's `#[pyo3(...)]`: abide's is `#[py(...)]`.
fn renamed(ctx: &mut Ctx, attr: &Attribute) {
    ctx.error_spanned_by(attr, "abide spells PyO3's `#[pyo3(...)]` as `#[py(...)]`");
}
