//! Validation of parsed methods: that each one's attributes and options fit together
//! and fit the method, that its receiver and parameters fit its kind, and that no two
//! claim the same Python name.

use super::parse::{Kind, Method, Receiver};
use super::specials;
use crate::callable::Role;
use crate::ctx::Ctx;

/// Checks that the method has one kind at most, that its `#[py(...)]` options fit its
/// kind, and that it is not something Python cannot call (generic, or an `async fn`
/// that is not a plain method or one with borrowed parameters).
pub fn check_attributes(ctx: &mut Ctx, m: &Method) {
    let written = &m.written;
    if let [first, rest @ ..] = written.kinds.as_slice() {
        for attr in rest {
            ctx.error_spanned_by(
                attr,
                format!(
                    "`{}` cannot be combined with `{}`: a method is only one of #[new], \
                     #[getter], #[setter], #[deleter], #[staticmethod], #[classmethod], \
                     #[classattr] (or #[new] with #[classmethod]); remove one",
                    attr_text(attr),
                    attr_text(first),
                ),
            );
        }
    }
    if let Some(name) = written.given.get("name") {
        match &m.kind {
            Kind::New => ctx.error_spanned_by(
                name,
                "a #[new] constructor has no name of its own (Python calls the class); \
                 remove `name`",
            ),
            Kind::Getter(_) | Kind::Setter(_) | Kind::Deleter(_) => {
                let attr = match m.kind {
                    Kind::Getter(_) => "getter",
                    Kind::Setter(_) => "setter",
                    _ => "deleter",
                };
                let wanted = &m.callable.python_name;
                let arg = match syn::parse_str::<syn::Ident>(wanted) {
                    Ok(_) => wanted.clone(),
                    Err(_) => format!("{wanted:?}"),
                };
                ctx.error_spanned_by(
                    name,
                    format!(
                        "a property's name goes in the attribute: `#[{attr}({arg})]`; remove \
                         `name` from `#[py(...)]`"
                    ),
                );
            }
            _ => {}
        }
    }
    let sig = &written.sig;
    if let Some(tok) = &sig.asyncness {
        let what = match &m.kind {
            Kind::Method | Kind::Static => None,
            Kind::Class => Some("a #[classmethod]"),
            Kind::New => Some("a #[new] constructor"),
            Kind::Getter(_) | Kind::Setter(_) | Kind::Deleter(_) => Some("a property"),
            Kind::ClassAttr(_) => Some("a #[classattr]"),
            Kind::Special(_) => Some("a special method"),
        };
        match what {
            Some(what) => ctx.error_spanned_by(
                tok,
                format!(
                    "{what} cannot be an `async fn`: Python expects its result at once, not a \
                     coroutine; only instance and static methods can be `async`"
                ),
            ),
            None => crate::callable::asyncness::check_params(ctx, sig, m.cancel.as_ref()),
        }
    }
    if !sig
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)))
    {
        ctx.error_spanned_by(&sig.generics, "methods exposed to Python cannot be generic");
    }
}

/// `#[name]` or `#[name(...)]` as written, for messages.
fn attr_text(attr: &syn::Attribute) -> String {
    let meta = &attr.meta;
    format!("#[{}]", quote::quote!(#meta)).replace(" (", "(")
}

/// Checks that the receiver and parameters fit the kind of method.
pub fn check_shape(ctx: &mut Ctx, m: &Method) {
    let ident = &m.ident;
    let c = &m.callable;
    // The parameters Python may pass (all but those the `signature` leaves out), as
    // written. Without a `signature` some may be the `Python` token, which the type
    // decides: what cannot fit whatever they are is an error here, the rest is checked
    // at compile time where the method is wrapped.
    let python_args: Vec<_> = c.args.iter().filter(|a| a.role != Role::Token).collect();
    let (definite, maybe) = c.python_params();
    let varargs = c.varargs.iter().count() + c.varkw.iter().count();
    let fits = |n: usize| definite + varargs <= n && n <= definite + maybe + varargs;
    let params_from = |skip: usize| {
        let (first, last) = (python_args.get(skip)?, python_args.last()?);
        let (name, ty) = (&first.ident, &last.ty);
        Some(quote::quote!(#name #ty))
    };
    match (&m.kind, &m.self_arg) {
        (Kind::New | Kind::Static | Kind::Class | Kind::ClassAttr(_), Some(arg)) => {
            let what = match m.kind {
                Kind::New => "a #[new] constructor creates the object, so it",
                Kind::Static => "a #[staticmethod]",
                Kind::Class => "a #[classmethod] receives the class as `cls`, so it",
                _ => "a #[classattr]",
            };
            ctx.error_spanned_by(arg, format!("{what} has no `self`; remove this receiver"));
        }
        (Kind::ClassAttr(_), None) if !fits(0) => ctx.error_spanned_by(
            params_from(0),
            "a #[classattr] takes no parameters (except an optional `Python` token)",
        ),
        (
            Kind::Method | Kind::Getter(_) | Kind::Setter(_) | Kind::Deleter(_) | Kind::Special(_),
            None,
        ) => {
            ctx.error_spanned_by(
                ident,
                "this method needs a receiver (`&self` or `&mut self`); use #[staticmethod] for one without",
            )
        }
        (Kind::Getter(_), Some(_)) if !fits(0) => ctx.error_spanned_by(
            params_from(0),
            "a #[getter] takes no parameters besides `&self`; remove these",
        ),
        (Kind::Deleter(_), Some(_)) if !fits(0) => ctx.error_spanned_by(
            params_from(0),
            "a #[deleter] takes no parameters besides `&mut self`; remove these",
        ),
        (Kind::Setter(_), Some(_)) if !fits(1) || varargs > 0 => {
            let msg = "a #[setter] takes exactly one parameter besides `&mut self`: the new value";
            match params_from(1) {
                Some(extra) => ctx.error_spanned_by(extra, msg),
                None => ctx.error_spanned_by(ident, msg),
            }
        }
        (Kind::Special(s), Some(arg)) => {
            let wanted = match s.receiver {
                specials::Receiver::Any => None,
                specials::Receiver::Shared => {
                    Some((matches!(m.receiver, Receiver::Ref), "`&self`"))
                }
                specials::Receiver::Exclusive => {
                    Some((matches!(m.receiver, Receiver::Mut), "`&mut self`"))
                }
            };
            if let Some((false, wanted)) = wanted {
                ctx.error_spanned_by(arg, format!("`{}` takes {wanted}", s.name));
            }
            if let Some(n) = s.arity.filter(|&n| !fits(n) || varargs > 0) {
                let found = varargs + if definite > n { definite } else { definite + maybe };
                let msg = format!(
                    "`{}` takes {n} parameter{} besides `self`, found {found}",
                    c.python_name,
                    if n == 1 { "" } else { "s" }
                );
                match params_from(n).filter(|_| found > n) {
                    Some(extra) => ctx.error_spanned_by(extra, format!("{msg}; remove these")),
                    None => ctx.error_spanned_by(ident, msg),
                }
            }
        }
        _ => {}
    }
}

/// Two methods with the same Python name (or two constructors) would silently shadow
/// each other: reject that. A property's getter and setter share their name; nothing else
/// may (a method and a property of one name clash too). The runtime applies the same rule
/// across blocks when it creates the class (`DefinedName::clashes`).
pub fn check_duplicates(ctx: &mut Ctx, methods: &[Method]) {
    let mut seen: Vec<(&str, Defines, &syn::Ident)> = Vec::new();
    for m in methods {
        let (name, role) = python_name(m);
        let clash = seen.iter().find(|(n, r, _)| {
            *n == name
                && !matches!(
                    (r, role),
                    (Defines::Getter, Defines::Setter | Defines::Deleter)
                        | (Defines::Setter, Defines::Getter | Defines::Deleter)
                        | (Defines::Deleter, Defines::Getter | Defines::Setter)
                )
        });
        match clash {
            Some((_, first_role, first)) => {
                let what = if *first_role == role {
                    format!("duplicate Python {}", role.describe(name))
                } else {
                    format!(
                        "Python name `{name}` used twice: for a {} and a {}",
                        first_role.noun(),
                        role.noun()
                    )
                };
                // A property's part is renamed in its attribute, not with `#[py(name)]`.
                let rename = match (first_role, role) {
                    (a, b) if a == &b && b.property_attr().is_some() => format!(
                        "remove one, or name another property: `#[{}(name)]`",
                        b.property_attr().unwrap_or_default()
                    ),
                    _ => "rename one with #[py(name = \"...\")]".to_owned(),
                };
                ctx.error_spanned_by(
                    &m.ident,
                    format!("{what}: `{first}` already defines it; {rename}"),
                );
            }
            None => seen.push((name, role, &m.ident)),
        }
    }
}

/// What a method defines in the class namespace, for the duplicate check.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defines {
    Attribute,
    Constructor,
    Special,
    Getter,
    Setter,
    Deleter,
}

impl Defines {
    /// The attribute that makes this part of a property, if it is one.
    fn property_attr(self) -> Option<&'static str> {
        match self {
            Defines::Getter => Some("getter"),
            Defines::Setter => Some("setter"),
            Defines::Deleter => Some("deleter"),
            _ => None,
        }
    }

    fn describe(self, name: &str) -> String {
        match self {
            Defines::Constructor => "constructor (#[new])".to_owned(),
            Defines::Special => format!("special method `{name}`"),
            Defines::Getter => format!("getter of `{name}`"),
            Defines::Setter => format!("setter of `{name}`"),
            Defines::Deleter => format!("deleter of `{name}`"),
            Defines::Attribute => format!("attribute `{name}`"),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Defines::Constructor => "constructor",
            Defines::Special => "special method",
            Defines::Getter => "getter",
            Defines::Setter => "setter",
            Defines::Deleter => "deleter",
            Defines::Attribute => "method or class attribute",
        }
    }
}

fn python_name(m: &Method) -> (&str, Defines) {
    match &m.kind {
        Kind::Method | Kind::Static | Kind::Class => (&m.callable.python_name, Defines::Attribute),
        Kind::ClassAttr(n) => (n, Defines::Attribute),
        Kind::New => ("__new__", Defines::Constructor),
        Kind::Getter(n) => (n, Defines::Getter),
        Kind::Setter(n) => (n, Defines::Setter),
        Kind::Deleter(n) => (n, Defines::Deleter),
        Kind::Special(_) => (&m.callable.python_name, Defines::Special),
    }
}
