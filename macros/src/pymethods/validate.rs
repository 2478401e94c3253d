//! Validation of parsed methods: that each one's receiver and parameters fit its kind,
//! and that no two claim the same Python name.

use super::parse::{Kind, Method};
use crate::callable::Role;
use crate::ctx::Ctx;

/// Checks that the receiver and parameters fit the kind of method.
pub fn check_shape(ctx: &mut Ctx, m: &Method) {
    let ident = &m.ident;
    let c = &m.callable;
    // The parameters Python passes (all but the `Python` token), as written.
    let python_args: Vec<_> = c.args.iter().filter(|a| a.role != Role::Token).collect();
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
        (Kind::ClassAttr(_), None) if !python_args.is_empty() => ctx.error_spanned_by(
            params_from(0),
            "a #[classattr] takes no parameters (except an optional `Python` token)",
        ),
        (Kind::Method | Kind::Getter(_) | Kind::Setter(_) | Kind::Special(_), None) => {
            ctx.error_spanned_by(
                ident,
                "this method needs a receiver (`&self` or `&mut self`); use #[staticmethod] for one without",
            )
        }
        (Kind::Getter(_), Some(_)) if !python_args.is_empty() => ctx.error_spanned_by(
            params_from(0),
            "a #[getter] takes no parameters besides `&self`; remove these",
        ),
        (Kind::Setter(_), Some(_)) if python_args.len() != 1 => {
            let msg = "a #[setter] takes exactly one parameter besides `&mut self`: the new value";
            match params_from(1) {
                Some(extra) => ctx.error_spanned_by(extra, msg),
                None => ctx.error_spanned_by(ident, msg),
            }
        }
        (Kind::Special(d), Some(_)) => {
            let found = c.params.len() + c.varargs.iter().count() + c.varkw.iter().count();
            if let Some(n) = d.arity().filter(|&n| n != found || c.varargs.is_some() || c.varkw.is_some()) {
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
/// each other: reject that.
pub fn check_duplicates(ctx: &mut Ctx, methods: &[Method]) {
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
