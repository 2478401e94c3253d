//! One parser for the options of every macro: `#[pyclass(...)]`, `#[pyfunction(...)]`,
//! `#[pymodule(...)]`, and `#[py(...)]` on methods and fields.
//!
//! Each attribute site declares the options it accepts ([`Site`]): a key, the kind of
//! value it takes, and where the value goes in the site's typed result. The parser reads
//! `key`, `key = value` and `key(...)` and reports every problem into the [`Ctx`] (not
//! only the first): an unknown option (with the list of accepted ones, generated from the
//! declaration), an option given twice, a value of the wrong kind. Checks between the
//! options and the item they annotate are not made here but in each macro's
//! `validate.rs`.

use crate::ctx::Ctx;
use crate::signature::Signature;
use proc_macro2::{Delimiter, Group, Punct, Spacing, TokenStream, TokenTree};
use quote::quote;
use syn::ext::IdentExt;
use syn::{Attribute, Ident, LitStr, Meta, Path};

#[cfg(test)]
mod tests;

/// An attribute site: how messages name it, and the options it accepts.
pub struct Site<T: 'static> {
    /// The site as messages name it: "`#[pyclass]`", "`#[py]` on a method".
    pub name: &'static str,
    pub options: &'static [Opt<T>],
    /// Options that abide knows but rejects (PyO3's, mostly), with the reason.
    pub rejected: &'static [(&'static str, &'static str)],
}

/// One accepted option: its key, and the kind of value it takes.
pub struct Opt<T> {
    pub key: &'static str,
    pub value: Value<T>,
}

/// The kind of value an option takes, and what stores it in the typed result.
pub enum Value<T> {
    /// `key` alone; receives the key (for messages that point at it).
    Flag(fn(&mut T, Ident)),
    /// `key = "..."`.
    Str(fn(&mut T, LitStr)),
    /// `key = Type`: a path, described (`the base class's type`) and shown with a
    /// placeholder (`Base`) in messages.
    Path {
        what: &'static str,
        placeholder: &'static str,
        set: fn(&mut T, Path),
    },
    /// `key = (...)`: a Python signature.
    Signature(fn(&mut T, Signature)),
    /// `key = true` or `key = false`.
    Bool(fn(&mut T, syn::LitBool)),
    /// `key` alone or `key(...)`: receives the key and what is in the parentheses (the
    /// site's `validate.rs` checks it).
    FlagOrArg(fn(&mut T, Ident, Option<TokenStream>)),
    /// `key` alone or `key = expression`.
    FlagOrExpr(fn(&mut T, Ident, Option<syn::Expr>)),
}

impl<T> Opt<T> {
    pub const fn flag(key: &'static str, set: fn(&mut T, Ident)) -> Self {
        Opt {
            key,
            value: Value::Flag(set),
        }
    }

    pub const fn str(key: &'static str, set: fn(&mut T, LitStr)) -> Self {
        Opt {
            key,
            value: Value::Str(set),
        }
    }

    pub const fn path(
        key: &'static str,
        what: &'static str,
        placeholder: &'static str,
        set: fn(&mut T, Path),
    ) -> Self {
        Opt {
            key,
            value: Value::Path {
                what,
                placeholder,
                set,
            },
        }
    }

    pub const fn bool(key: &'static str, set: fn(&mut T, syn::LitBool)) -> Self {
        Opt {
            key,
            value: Value::Bool(set),
        }
    }

    pub const fn flag_or_arg(
        key: &'static str,
        set: fn(&mut T, Ident, Option<TokenStream>),
    ) -> Self {
        Opt {
            key,
            value: Value::FlagOrArg(set),
        }
    }

    pub const fn flag_or_expr(
        key: &'static str,
        set: fn(&mut T, Ident, Option<syn::Expr>),
    ) -> Self {
        Opt {
            key,
            value: Value::FlagOrExpr(set),
        }
    }

    pub const fn signature(key: &'static str, set: fn(&mut T, Signature)) -> Self {
        Opt {
            key,
            value: Value::Signature(set),
        }
    }

    /// How the option is written: `frozen`, `name = "..."`, `extends = Base`.
    fn example(&self) -> String {
        let key = self.key;
        match &self.value {
            Value::Flag(_) => key.to_owned(),
            Value::Str(_) => format!("{key} = \"...\""),
            Value::Path { placeholder, .. } => format!("{key} = {placeholder}"),
            Value::Signature(_) => format!("{key} = (...)"),
            Value::Bool(_) => format!("{key} = true|false"),
            // Shown in backticks: "`key` or `key(...)`".
            Value::FlagOrArg(_) => format!("{key}` or `{key}(...)"),
            Value::FlagOrExpr(_) => format!("{key}` or `{key} = ..."),
        }
    }

    /// What the option takes, for the message about a value of the wrong kind.
    fn takes(&self) -> String {
        let example = self.example();
        match &self.value {
            Value::Flag(_) => format!("takes no value: write `{example}` alone"),
            Value::Str(_) => format!("takes a string: `{example}`"),
            Value::Path { what, .. } => format!("takes {what}: `{example}`"),
            Value::Signature(_) => {
                format!("takes the Python parameters in parentheses: `{example}`")
            }
            Value::Bool(_) => format!("takes `true` or `false`: `{} = true`", self.key),
            Value::FlagOrArg(_) => {
                format!("is written `{0}` or `{0}(...)`", self.key)
            }
            Value::FlagOrExpr(_) => {
                format!("is written `{0}` or `{0} = value`", self.key)
            }
        }
    }
}

/// The options given at one site (across all its attributes), in order: where each was
/// written, for the messages of validation.
#[derive(Default, Clone)]
pub struct Given {
    keys: Vec<Ident>,
}

impl Given {
    /// The key of option `key` as written, if it was given.
    pub fn get(&self, key: &str) -> Option<&Ident> {
        self.keys.iter().find(|k| *k == key)
    }
}

/// One option as written: its key and what follows it.
struct Written {
    key: Ident,
    form: Form,
}

enum Form {
    /// `key`.
    Bare,
    /// `key = value`: the `=` and the value's tokens (possibly none).
    Assign(Punct, TokenStream),
    /// `key(...)`.
    List(Group),
}

impl<T> Site<T> {
    /// Parses the options in `tokens` (what is inside the attribute's parentheses).
    pub fn parse(&self, ctx: &mut Ctx, tokens: TokenStream) -> (T, Given)
    where
        T: Default,
    {
        let mut out = T::default();
        let mut given = Given::default();
        self.parse_into(ctx, tokens, &mut out, &mut given);
        (out, given)
    }

    /// Parses the options in `tokens` into `out`. `given` holds the options of the
    /// site's earlier attributes (several `#[py(...)]` on one item): one given again
    /// there is a duplicate too.
    pub fn parse_into(&self, ctx: &mut Ctx, tokens: TokenStream, out: &mut T, given: &mut Given) {
        for written in self.split(ctx, tokens) {
            self.apply(ctx, written, out, given);
        }
    }

    /// Parses the options of an attribute `#[path(...)]` into `out`.
    pub fn parse_attr(&self, ctx: &mut Ctx, attr: &Attribute, out: &mut T, given: &mut Given) {
        match &attr.meta {
            Meta::List(list) => self.parse_into(ctx, list.tokens.clone(), out, given),
            Meta::Path(_) | Meta::NameValue(_) => {
                let path = attr.path();
                let path = quote!(#path).to_string().replace(' ', "");
                ctx.error_spanned_by(
                    attr,
                    format!(
                        "write the options in parentheses: `#[{path}(...)]`; accepted: {}",
                        self.accepted()
                    ),
                );
            }
        }
    }

    /// The accepted options, as the messages list them.
    pub fn accepted(&self) -> String {
        let list: Vec<String> = self
            .options
            .iter()
            .map(|o| format!("`{}`", o.example()))
            .collect();
        list.join(", ")
    }

    fn find(&self, key: &Ident) -> Option<&Opt<T>> {
        self.options.iter().find(|o| key == o.key)
    }

    /// Splits `tokens` into options at the commas between them. A value runs to the next
    /// comma (outside `<...>` for a path, which may have generic arguments).
    fn split(&self, ctx: &mut Ctx, tokens: TokenStream) -> Vec<Written> {
        let mut tokens = tokens.into_iter();
        let mut out = Vec::new();
        while let Some(first) = tokens.next() {
            let key = match first {
                // `r#type` and `type` are the same option.
                TokenTree::Ident(key) => key.unraw(),
                TokenTree::Punct(p) if p.as_char() == ',' => {
                    ctx.error_at(
                        p.span(),
                        format!(
                            "expected an option before `,`; accepted: {}",
                            self.accepted()
                        ),
                    );
                    continue;
                }
                other => {
                    ctx.error_spanned_by(
                        &other,
                        format!(
                            "expected an option of {}, found `{other}`; accepted: {}",
                            self.name,
                            self.accepted()
                        ),
                    );
                    skip_option(&mut tokens);
                    continue;
                }
            };
            let form = match tokens.next() {
                None => Form::Bare,
                Some(TokenTree::Punct(p)) if p.as_char() == ',' => Form::Bare,
                Some(TokenTree::Punct(p))
                    if p.as_char() == '=' && p.spacing() == Spacing::Alone =>
                {
                    let path = matches!(
                        self.find(&key),
                        Some(Opt {
                            value: Value::Path { .. },
                            ..
                        })
                    );
                    Form::Assign(p, take_value(&mut tokens, path))
                }
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    match tokens.next() {
                        None => {}
                        Some(TokenTree::Punct(p)) if p.as_char() == ',' => {}
                        Some(other) => {
                            ctx.error_spanned_by(
                                &other,
                                format!("expected `,` after `{key}(...)`"),
                            );
                            skip_option(&mut tokens);
                        }
                    }
                    Form::List(g)
                }
                Some(other) => {
                    ctx.error_spanned_by(
                        &other,
                        format!("expected `,`, `= value` or `(...)` after `{key}`"),
                    );
                    skip_option(&mut tokens);
                    continue;
                }
            };
            out.push(Written { key, form });
        }
        out
    }

    /// Checks one option against the declaration and stores its value.
    fn apply(&self, ctx: &mut Ctx, written: Written, out: &mut T, given: &mut Given) {
        let Written { key, form } = written;
        let Some(opt) = self.find(&key) else {
            match self.rejected.iter().find(|(k, _)| key == k) {
                Some((_, reason)) => ctx.error_spanned_by(&key, reason),
                None => ctx.error_spanned_by(
                    &key,
                    format!(
                        "unknown option `{}` for {}; accepted: {}",
                        key,
                        self.name,
                        self.accepted()
                    ),
                ),
            }
            return;
        };
        if given.get(opt.key).is_some() {
            ctx.error_spanned_by(&key, format!("`{}` is given twice", opt.key));
            return;
        }
        given.keys.push(key.clone());
        let wrong = |ctx: &mut Ctx, tokens: TokenStream| {
            ctx.error_spanned_by(tokens, format!("`{}` {}", opt.key, opt.takes()));
        };
        match (&opt.value, form) {
            (Value::Flag(set), Form::Bare) => set(out, key),
            (Value::FlagOrArg(set), Form::Bare) => set(out, key, None),
            (Value::FlagOrArg(set), Form::List(group)) => set(out, key, Some(group.stream())),
            (Value::FlagOrExpr(set), Form::Bare) => set(out, key, None),
            (Value::FlagOrExpr(set), Form::Assign(eq, value)) => {
                match syn::parse2::<syn::Expr>(value.clone()) {
                    Ok(e) => set(out, key, Some(e)),
                    Err(_) => wrong(ctx, quote!(#key #eq #value)),
                }
            }
            (Value::Str(set), Form::Assign(eq, value)) => {
                match syn::parse2::<LitStr>(value.clone()) {
                    Ok(s) => set(out, s),
                    Err(_) => wrong(ctx, quote!(#key #eq #value)),
                }
            }
            (Value::Path { set, .. }, Form::Assign(eq, value)) => {
                match syn::parse2::<Path>(value.clone()) {
                    Ok(p) => set(out, p),
                    Err(_) => wrong(ctx, quote!(#key #eq #value)),
                }
            }
            (Value::Bool(set), Form::Assign(eq, value)) => {
                match syn::parse2::<syn::LitBool>(value.clone()) {
                    Ok(b) => set(out, b),
                    Err(_) => wrong(ctx, quote!(#key #eq #value)),
                }
            }
            (Value::Signature(set), Form::Assign(eq, value)) => {
                let parenthesized = matches!(
                    value.clone().into_iter().next(),
                    Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis
                );
                if !parenthesized {
                    return wrong(ctx, quote!(#key #eq #value));
                }
                // Inside the parentheses, the signature's own errors say what is wrong.
                match syn::parse2::<Signature>(value) {
                    Ok(s) => set(out, s),
                    Err(err) => ctx.syn_error(err),
                }
            }
            (_, Form::Bare) => wrong(ctx, quote!(#key)),
            (_, Form::Assign(eq, value)) => wrong(ctx, quote!(#key #eq #value)),
            (_, Form::List(group)) => wrong(ctx, quote!(#key #group)),
        }
    }
}

/// The tokens of a value, up to the comma that ends the option (consumed). In a path,
/// commas inside `<...>` belong to it.
fn take_value(tokens: &mut impl Iterator<Item = TokenTree>, path: bool) -> TokenStream {
    let mut value = Vec::new();
    let mut depth = 0usize;
    let mut arrow = false;
    for tt in tokens {
        if let TokenTree::Punct(p) = &tt {
            match p.as_char() {
                ',' if depth == 0 => break,
                '<' if path => depth += 1,
                // `->` in `Fn() -> T` does not close a `<`.
                '>' if path && !arrow => depth = depth.saturating_sub(1),
                _ => {}
            }
            arrow = p.as_char() == '-' && p.spacing() == Spacing::Joint;
        } else {
            arrow = false;
        }
        value.push(tt);
    }
    value.into_iter().collect()
}

/// Skips the rest of a malformed option, up to and including the comma that ends it.
fn skip_option(tokens: &mut impl Iterator<Item = TokenTree>) {
    for tt in tokens {
        if matches!(&tt, TokenTree::Punct(p) if p.as_char() == ',') {
            break;
        }
    }
}

/// The argument of `#[getter(name)]` or `#[setter(name)]`: the property's name, as an
/// identifier or a string, if one is given.
pub fn name_argument(ctx: &mut Ctx, attr: &Attribute) -> Option<String> {
    let what = attr
        .path()
        .get_ident()
        .map_or_else(String::new, Ident::to_string);
    let tokens = match &attr.meta {
        Meta::Path(_) => return None,
        Meta::List(list) => &list.tokens,
        Meta::NameValue(nv) => {
            ctx.error_spanned_by(
                nv,
                format!(
                    "write the property's name in parentheses: `#[{what}(name)]` or \
                     `#[{what}(\"name\")]`"
                ),
            );
            return None;
        }
    };
    if let Ok(ident) = syn::parse::Parser::parse2(Ident::parse_any, tokens.clone()) {
        return Some(ident.unraw().to_string());
    }
    if let Ok(lit) = syn::parse2::<LitStr>(tokens.clone()) {
        return Some(lit.value());
    }
    let msg = format!(
        "`#[{what}(...)]` takes the property's name: `#[{what}(name)]` or `#[{what}(\"name\")]`"
    );
    if tokens.is_empty() {
        ctx.error_spanned_by(attr, msg);
    } else {
        ctx.error_spanned_by(tokens, msg);
    }
    None
}

/// Reports arguments given to an attribute that takes none (`#[new]`, `#[staticmethod]`,
/// ...).
pub fn no_arguments(ctx: &mut Ctx, attr: &Attribute) {
    let what = attr
        .path()
        .get_ident()
        .map_or_else(String::new, Ident::to_string);
    let msg = format!("`#[{what}]` takes no arguments; write `#[{what}]`");
    match &attr.meta {
        Meta::Path(_) => {}
        Meta::List(list) if list.tokens.is_empty() => ctx.error_spanned_by(attr, msg),
        Meta::List(list) => ctx.error_spanned_by(&list.tokens, msg),
        Meta::NameValue(nv) => ctx.error_spanned_by(&nv.value, msg),
    }
}

/// The options of a function: `#[pyfunction(...)]`, and a method's `#[py(...)]`.
#[derive(Default)]
pub struct FunctionOptions {
    pub name: Option<LitStr>,
    pub signature: Option<Signature>,
}

/// The options [`FunctionOptions`] holds: the sites of functions and methods accept these.
pub const FUNCTION_OPTIONS: &[Opt<FunctionOptions>] = &[
    Opt::str("name", |o, v| o.name = Some(v)),
    Opt::signature("signature", |o, v| o.signature = Some(v)),
];

/// PyO3's options of functions and methods that abide has no use for.
pub const FUNCTION_REJECTED: &[(&str, &str)] = &[(
    "text_signature",
    "`text_signature` is not needed: abide writes `__text_signature__` from the parameters \
     (and `signature`); remove it",
)];

/// Whether `attr` is PyO3's `#[pyo3(...)]` (or `#[py(...)]`) beside an item macro.
pub fn is_item_options(attr: &Attribute) -> bool {
    attr.path().is_ident("pyo3") || attr.path().is_ident("py")
}

/// The one error for options written beside an item macro instead of in it: write
/// `#[macro_name(options)]`, with what the macro accepts when `accepted` is given.
pub fn misplaced_options(
    ctx: &mut Ctx,
    attr: &Attribute,
    macro_name: &str,
    accepted: Option<&str>,
) {
    let options = match &attr.meta {
        Meta::List(list) => list.tokens.to_string(),
        _ => "...".to_owned(),
    };
    let accepted = accepted.map_or_else(String::new, |a| format!(" (accepted: {a})"));
    ctx.error_spanned_by(
        attr,
        format!(
            "a #[{macro_name}] takes its options in its own attribute: write \
             `#[{macro_name}({options})]`{accepted}"
        ),
    );
}
