//! Checks between the derive's options and the shapes they annotate, and the resolved
//! shape of each struct or variant for `expand.rs`: what a type cannot derive (a union,
//! a unit struct, an empty enum), options that exclude each other (`item` and
//! `attribute`), options that do not fit the shape (`item` on a tuple struct's field).

use super::parse::{Body, Container, Derive, FieldOptions};
use crate::ctx::Ctx;
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::ext::IdentExt;
use syn::{Ident, LitStr, Path, Type};

/// How a struct or a variant converts.
pub enum Shape {
    /// Named fields, each from (or to) an attribute or an item.
    Named(Vec<NamedField>),
    /// A tuple's items, by position.
    Tuple(Vec<TupleField>),
    /// One field, converted as the whole object (a newtype, or `transparent`).
    Newtype(Box<Newtype>),
}

/// The one field of a newtype or a `transparent` type.
pub struct Newtype {
    pub member: syn::Member,
    pub ty: Type,
    pub from_py_with: Option<Path>,
}

pub struct NamedField {
    pub ident: Ident,
    pub ty: Type,
    pub getter: Getter,
    /// `default` (`None` inside: `Default::default()`) or `default = expr`.
    pub default: Option<Option<syn::Expr>>,
    pub from_py_with: Option<Path>,
}

pub struct TupleField {
    pub ty: Type,
    pub from_py_with: Option<Path>,
}

/// Where a named field's value is.
pub enum Getter {
    /// `getattr(obj, name)`.
    Attr(LitStr),
    /// `obj[key]`: a literal.
    Item(TokenStream),
}

/// A struct or a variant, checked.
pub struct Resolved {
    pub ident: Ident,
    pub owner: String,
    pub variant: bool,
    /// How the enum's error names the variant (its `annotation`, or its name).
    pub annotation: String,
    pub shape: Shape,
}

pub fn validate(
    ctx: &mut Ctx,
    kind: Derive,
    input: &syn::DeriveInput,
    body: &Body,
) -> Vec<Resolved> {
    let name = kind.name();
    match body {
        Body::Union => {
            let token = match &input.data {
                syn::Data::Union(u) => u.union_token.to_token_stream(),
                _ => input.ident.to_token_stream(),
            };
            ctx.error_spanned_by(
                token,
                format!(
                    "#[derive({name})] is not supported for unions: Python cannot know which \
                     field is set; use a struct or an enum"
                ),
            );
            Vec::new()
        }
        Body::Struct(c) => {
            if let Some(a) = &c.options.annotation {
                ctx.error_spanned_by(
                    a,
                    "`annotation` names an enum's variant in the enum's error; a struct has \
                     none: remove it",
                );
            }
            container(ctx, kind, c).into_iter().collect()
        }
        Body::Enum(variants) => {
            if variants.is_empty() {
                ctx.error_spanned_by(
                    &input.ident,
                    format!(
                        "cannot derive {name} for an empty enum: it has no value to convert; \
                         add a variant"
                    ),
                );
            }
            variants
                .iter()
                .filter_map(|c| container(ctx, kind, c))
                .collect()
        }
    }
}

fn container(ctx: &mut Ctx, kind: Derive, c: &Container) -> Option<Resolved> {
    let name = kind.name();
    let what = if c.variant { "variant" } else { "struct" };
    if c.fields.is_empty() {
        let tokens = if matches!(c.fields, syn::Fields::Unit) {
            c.ident.to_token_stream()
        } else {
            c.fields.to_token_stream()
        };
        ctx.error_spanned_by(
            tokens,
            format!(
                "cannot derive {name} for a {what} without fields: it carries no value to \
                 convert; give it fields{}",
                if c.variant {
                    " (a variant matching `None` is `Name(())`)"
                } else {
                    ""
                }
            ),
        );
        return None;
    }
    let transparent = c.options.transparent.is_some();
    if let Some(t) = c
        .options
        .transparent
        .as_ref()
        .filter(|_| c.fields.len() != 1)
    {
        ctx.error_spanned_by(
            t,
            format!(
                "`transparent` converts a {what} as its one field, but this one has {}; \
                 remove `transparent`",
                c.fields.len()
            ),
        );
        return None;
    }
    let from_item_all = c.options.from_item_all.as_ref();
    let named = matches!(c.fields, syn::Fields::Named(_));
    if let Some(f) = from_item_all.filter(|_| !named || transparent) {
        ctx.error_spanned_by(
            f,
            "`from_item_all` reads named fields from mapping items; it does not apply to a \
             tuple struct or a `transparent` one",
        );
    }
    let newtype = transparent || (!named && c.fields.len() == 1);
    let rule = c.options.rename_all.as_ref().and_then(|lit| {
        let rule = RULES.iter().find(|r| **r == lit.value());
        if rule.is_none() {
            let rules: Vec<String> = RULES.iter().map(|r| format!("\"{r}\"")).collect();
            ctx.error_spanned_by(
                lit,
                format!("unknown `rename_all` rule; accepted: {}", rules.join(", ")),
            );
        }
        rule.copied()
    });
    let ok_before = ctx_len(ctx);
    let mut named_fields = Vec::new();
    let mut tuple_fields = Vec::new();
    for (field, opts) in c.fields.iter().zip(&c.field_options) {
        let FieldOptions {
            item,
            attribute,
            default,
            from_py_with,
        } = opts;
        if !named || newtype {
            let why = if newtype {
                "the one field of a newtype or `transparent` type is the whole object"
            } else {
                "a tuple struct's fields are the tuple's items, by position"
            };
            for (key, opt) in [
                ("item", item.as_ref().map(|i| &i.0)),
                ("attribute", attribute.as_ref().map(|a| &a.0)),
                ("default", default.as_ref().map(|d| &d.0)),
            ] {
                if let Some(k) = opt {
                    ctx.error_spanned_by(
                        k,
                        format!("`{key}` does not apply here: {why}; remove it"),
                    );
                }
            }
            tuple_fields.push(TupleField {
                ty: field.ty.clone(),
                from_py_with: from_py_with.clone(),
            });
            continue;
        }
        let ident = field.ident.clone().expect("named field");
        let field_name = rename(&ident.unraw().to_string(), rule);
        if let (Some(i), Some(_)) = (item, attribute) {
            ctx.error_spanned_by(
                &i.0,
                "`item` and `attribute` conflict: a field is read from either a mapping item or \
                 an attribute; keep one",
            );
        }
        let getter = match (item, attribute) {
            (Some((k, arg)), _) => {
                if from_item_all.is_some() && arg.is_none() {
                    ctx.error_spanned_by(
                        k,
                        "useless `item`: the struct is already annotated with `from_item_all`; \
                         remove it",
                    );
                }
                match arg {
                    None => Getter::Item(LitStr::new(&field_name, ident.span()).to_token_stream()),
                    Some(tokens) => match syn::parse2::<syn::Lit>(tokens.clone()) {
                        Ok(lit) => Getter::Item(lit.to_token_stream()),
                        Err(_) => {
                            ctx.error_spanned_by(
                                tokens,
                                "`item(...)` takes the key as a literal: `item(\"key\")` or \
                                 `item(0)`",
                            );
                            Getter::Item(quote!(#field_name))
                        }
                    },
                }
            }
            (None, Some((k, arg))) => {
                if from_item_all.is_some() {
                    ctx.error_spanned_by(
                        k,
                        "`attribute` conflicts with `from_item_all`, which reads every field \
                         from a mapping item; remove one of them",
                    );
                }
                match arg {
                    None => Getter::Attr(LitStr::new(&field_name, ident.span())),
                    Some(tokens) => match syn::parse2::<LitStr>(tokens.clone()) {
                        Ok(name) if !name.value().is_empty() => Getter::Attr(name),
                        _ => {
                            ctx.error_spanned_by(
                                tokens,
                                "`attribute(...)` takes the attribute's name as a non-empty \
                                 string: `attribute(\"name\")`",
                            );
                            Getter::Attr(LitStr::new(&field_name, ident.span()))
                        }
                    },
                }
            }
            (None, None) if from_item_all.is_some() => {
                Getter::Item(LitStr::new(&field_name, ident.span()).to_token_stream())
            }
            (None, None) => Getter::Attr(LitStr::new(&field_name, ident.span())),
        };
        named_fields.push(NamedField {
            ident,
            ty: field.ty.clone(),
            getter,
            default: default.as_ref().map(|d| d.1.clone()),
            from_py_with: from_py_with.clone(),
        });
    }
    if ctx_len(ctx) != ok_before {
        return None;
    }
    let shape = if newtype {
        let field = c.fields.iter().next().expect("one field");
        let member = match &field.ident {
            Some(i) => syn::Member::Named(i.clone()),
            None => syn::Member::Unnamed(syn::Index::from(0)),
        };
        Shape::Newtype(Box::new(Newtype {
            member,
            ty: field.ty.clone(),
            from_py_with: c.field_options[0].from_py_with.clone(),
        }))
    } else if named {
        Shape::Named(named_fields)
    } else {
        Shape::Tuple(tuple_fields)
    };
    Some(Resolved {
        ident: c.ident.clone(),
        owner: c.owner.clone(),
        variant: c.variant,
        annotation: c
            .options
            .annotation
            .as_ref()
            .map_or_else(|| c.ident.to_string(), LitStr::value),
        shape,
    })
}

/// How many errors `ctx` holds (to tell whether a container added any).
fn ctx_len(ctx: &Ctx) -> usize {
    ctx.len()
}

/// The rules of `rename_all`, PyO3's (serde's) names.
const RULES: &[&str] = &[
    "camelCase",
    "kebab-case",
    "lowercase",
    "PascalCase",
    "SCREAMING-KEBAB-CASE",
    "SCREAMING_SNAKE_CASE",
    "snake_case",
    "UPPERCASE",
];

/// A field's name (snake_case) under a `rename_all` rule.
pub fn rename(name: &str, rule: Option<&str>) -> String {
    let words = || name.split('_').filter(|w| !w.is_empty());
    let capitalized = |w: &str| {
        let mut chars = w.chars();
        chars.next().map_or_else(String::new, |first| {
            first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect()
        })
    };
    match rule {
        None | Some("snake_case") => name.to_owned(),
        Some("lowercase") => name.to_lowercase(),
        Some("UPPERCASE") => name.to_uppercase(),
        Some("PascalCase") => words().map(capitalized).collect(),
        Some("camelCase") => words()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    w.to_lowercase()
                } else {
                    capitalized(w)
                }
            })
            .collect(),
        Some("kebab-case") => words().map(str::to_lowercase).collect::<Vec<_>>().join("-"),
        Some("SCREAMING-KEBAB-CASE") => {
            words().map(str::to_uppercase).collect::<Vec<_>>().join("-")
        }
        Some("SCREAMING_SNAKE_CASE") => {
            words().map(str::to_uppercase).collect::<Vec<_>>().join("_")
        }
        Some(_) => name.to_owned(),
    }
}
