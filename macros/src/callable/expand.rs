//! Code generation shared by everything Python can call: the static `ArgSpec`, the
//! statements that parse and convert the arguments, and the `__text_signature__`.

use super::{Callable, Kind, Role};
use crate::span::UserSpan;
use crate::text::Text;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Expr, Lit, Type, UnOp};

/// The argument-handling part of a wrapper.
pub struct ArgCode {
    /// Statements that parse `__call` (a `FastcallArgs`) and bind one variable per
    /// argument; they use `py` and `?`.
    pub parse: TokenStream,
    /// One expression per Rust parameter, in Rust order, for the call.
    pub call_args: Vec<TokenStream>,
}

/// Generates the parsing statements for the fastcall convention.
pub fn fastcall_args(c: &Callable) -> ArgCode {
    let name = &c.python_name;
    fastcall_args_named(c, quote!(#name))
}

/// Like [`fastcall_args`], with the name used in messages given as an expression of type
/// `&'static str` (e.g. a class's `NAME` for a constructor).
pub fn fastcall_args_named(c: &Callable, name: TokenStream) -> ArgCode {
    let mut names = Text::new("\0");
    for p in &c.params {
        names.item(p.name.as_str(), p.maybe_token.as_ref().map(|t| quote!(!#t)));
    }
    let names = names.str_expr();
    // Counts are u16 in the spec; the macros reject more parameters than that.
    let n_params = c.count(|_| true);
    let positional_only = c.count(|p| p.kind == Kind::PositionalOnly);
    let positional = c.count(|p| p.kind != Kind::KeywordOnly);
    let first_optional = c
        .params
        .iter()
        .position(|p| p.kind == Kind::KeywordOnly || p.default.is_some())
        .unwrap_or(c.params.len());
    let required_positional = c.position(first_optional);
    let required_kwonly = c
        .params
        .iter()
        .filter(|p| p.kind == Kind::KeywordOnly)
        .map(|p| p.default.is_none());
    let varargs = c.varargs.is_some();
    let varkw = c.varkw.is_some();

    let mut parse = quote! {
        const __N: usize = #n_params;
        static __SPEC: ::abide::__private::args::ArgSpec = ::abide::__private::args::ArgSpec {
            name: #name,
            params: #names,
            required_keyword_only: &[#(#required_kwonly),*],
            n_params: __N as u16,
            positional_only: (#positional_only) as u16,
            positional: (#positional) as u16,
            required_positional: (#required_positional) as u16,
            varargs: #varargs,
            varkw: #varkw,
        };
        let mut __slots: [::core::option::Option<::abide::Borrowed<'_, '_>>; __N] = [::core::option::Option::None; __N];
    };
    if varargs || varkw {
        parse.extend(quote! {
            #[allow(unused_mut, unused_variables)]
            let mut __extra = __SPEC.parse(py, &__call, &mut __slots)?;
        });
    } else {
        parse.extend(quote! {
            __SPEC.parse_fixed(py, __call, &mut __slots)?;
        });
    }

    let mut call_args = Vec::new();
    for arg in &c.args {
        match arg.role {
            Role::Token => call_args.push(unlisted_token(arg)),
            Role::Varargs => {
                parse.extend(
                    quote!(let __varargs = ::abide::__private::args::varargs(py, &mut __extra)?;),
                );
                call_args.push(UserSpan::of(&arg.ty).call(
                    quote!(::abide::__private::param::FromVarargs::from_varargs),
                    quote!(__varargs),
                ));
            }
            Role::Varkw => {
                parse.extend(quote!(let __varkw = __extra.varkw.take();));
                call_args.push(UserSpan::of(&arg.ty).call(
                    quote!(::abide::__private::param::FromVarkw::from_varkw),
                    quote!(__varkw),
                ));
            }
            Role::Param(i) => {
                let var = format_ident!("__arg{}", i);
                let param = &c.params[i];
                let passing = passing(&arg.ty);
                let annotation = passing.annotation();
                let span = UserSpan::of(&arg.ty);
                let at = c.position(i);
                if param.maybe_token.is_none() {
                    parse.extend(listed_not_token(arg));
                }
                let value = match (&param.default, &passing) {
                    // Maybe the token, which takes no slot (its position may be past the
                    // last one).
                    (None, Passing::Value) if param.maybe_token.is_some() => {
                        let extract = span.call(
                            quote!(::abide::__private::param::FromArg::from_arg),
                            quote!(py, __slots.get(#at).copied().flatten(), &__SPEC, #at),
                        );
                        quote!(#extract?)
                    }
                    (None, Passing::Value) => {
                        let extract = span.call(
                            quote!(::abide::__private::param::FromArg::from_arg),
                            quote!(py, __slots[#at], &__SPEC, #at),
                        );
                        quote!(#extract?)
                    }
                    (None, _) => {
                        let extract = span.call(
                            quote!(::abide::__private::args::extract_required),
                            quote!(__slots[#at], &__SPEC, #at),
                        );
                        quote!(#extract?)
                    }
                    (Some(default), _) => {
                        let extract = span.call(
                            quote!(::abide::__private::args::extract_argument),
                            quote!(__obj, &__SPEC, #at),
                        );
                        let extract = quote!(#extract?);
                        quote! {
                            match __slots[#at] {
                                ::core::option::Option::Some(__obj) => #extract,
                                ::core::option::Option::None => #default,
                            }
                        }
                    }
                };
                let binding = match passing {
                    Passing::Mut(_) => quote!(mut #var),
                    _ => quote!(#var),
                };
                parse.extend(quote!(let #binding #annotation = #value;));
                call_args.push(passing.pass(&var));
            }
        }
    }
    ArgCode { parse, call_args }
}

/// The value of a parameter the `signature` leaves out: the token, if its type is.
pub fn unlisted_token(arg: &super::RustArg) -> TokenStream {
    UserSpan::of(&arg.ty).call(
        quote!(::abide::__private::param::UnlistedToken::token),
        quote!(py),
    )
}

/// For a parameter the `signature` lists: a compile-time check that it is not the token.
pub fn listed_not_token(arg: &super::RustArg) -> TokenStream {
    let is_token = &arg.is_token;
    let msg = format!(
        "`{}` is the `Python` token, which Python does not pass; remove it from the signature",
        arg.ident
    );
    let span = arg.ident.span();
    quote::quote_spanned! {span=>
        const { ::core::assert!(!#is_token, #msg) };
    }
}

/// How a parameter's value is made from the argument object. Only the shape of the type
/// is read (`&T`, `&mut T` or a value); what `T` is, the type system decides.
pub enum Passing {
    /// By value: the token or a value extracted with `FromPyObject` (`FromArg`).
    Value,
    /// `&T`: a holder (`RefArg::Holder`: a `PyRef<T>` for a `#[pyclass]`, the handle
    /// itself for `&Object`, `&List`, ..., the `&str` for `&str`), passed as a reference.
    Ref(Type),
    /// `&mut T`: a `PyRefMut<T>` holder.
    Mut(Type),
    /// `Option<&T>`: an optional holder of `&T` (`None` from Python gives `None`), as
    /// PyO3's `Option<&Bound<'_, PyAny>>`.
    OptRef(Type),
}

/// Decides how a parameter of type `ty` is passed.
pub fn passing(ty: &Type) -> Passing {
    match ty {
        Type::Reference(r) if r.mutability.is_some() => Passing::Mut((*r.elem).clone()),
        Type::Reference(r) => Passing::Ref((*r.elem).clone()),
        Type::Group(g) => passing(&g.elem),
        Type::Paren(p) => passing(&p.elem),
        _ => match option_of_ref(ty) {
            Some(elem) => Passing::OptRef(elem.clone()),
            None => Passing::Value,
        },
    }
}

/// `T` of `Option<&T>` (written `Option`, `std::option::Option`, ...).
fn option_of_ref(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" || p.qself.is_some() {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(Type::Reference(r))] if r.mutability.is_none() => Some(&r.elem),
        _ => None,
    }
}

impl Passing {
    /// The type annotation of the holder variable, if it needs one.
    pub fn annotation(&self) -> TokenStream {
        match self {
            Passing::Value => quote!(),
            Passing::Ref(t) => {
                let t = crate::lifetimes::elided(t);
                quote!(: <#t as ::abide::__private::param::RefArg<'_, '_>>::Holder)
            }
            Passing::Mut(t) => {
                let t = crate::lifetimes::elided(t);
                quote!(: ::abide::PyRefMut<'_, #t>)
            }
            Passing::OptRef(t) => {
                let t = crate::lifetimes::elided(t);
                quote!(: ::core::option::Option<<#t as ::abide::__private::param::RefArg<'_, '_>>::Holder>)
            }
        }
    }

    /// The expression passed to the user's function.
    pub fn pass(&self, var: &syn::Ident) -> TokenStream {
        match self {
            Passing::Value => quote!(#var),
            Passing::Ref(t) => {
                let t = crate::lifetimes::elided(t);
                quote!(<#t as ::abide::__private::param::RefArg<'_, '_>>::get(&#var))
            }
            Passing::Mut(_) => quote!(&mut *#var),
            Passing::OptRef(t) => {
                let t = crate::lifetimes::elided(t);
                quote!(#var.as_ref().map(<#t as ::abide::__private::param::RefArg<'_, '_>>::get))
            }
        }
    }
}

/// The parenthesised signature for `__text_signature__`, e.g. `($module, /, a, b=1)`.
/// `first` is the implicit first parameter (`$module`, `$self`, `$type`).
pub fn text_signature(c: &Callable, first: Option<&str>) -> Text {
    let mut t = Text::new(", ");
    t.text("(");
    if let Some(first) = first {
        t.item(first, None);
    }
    let mut positional_only = false;
    for p in c.params.iter().filter(|p| p.kind == Kind::PositionalOnly) {
        t.item(param_text(&p.name, p.default.as_ref()), None);
        positional_only = true;
    }
    if positional_only || first.is_some() {
        t.item("/", None);
    }
    for p in c
        .params
        .iter()
        .filter(|p| p.kind == Kind::PositionalOrKeyword)
    {
        let keep = p.maybe_token.as_ref().map(|tok| quote!(!#tok));
        t.item(param_text(&p.name, p.default.as_ref()), keep);
    }
    let kwonly: Vec<_> = c
        .params
        .iter()
        .filter(|p| p.kind == Kind::KeywordOnly)
        .collect();
    match &c.varargs {
        Some(name) => {
            t.item(format!("*{name}"), None);
        }
        None if !kwonly.is_empty() => {
            t.item("*", None);
        }
        None => {}
    }
    for p in kwonly {
        t.item(param_text(&p.name, p.default.as_ref()), None);
    }
    if let Some(name) = &c.varkw {
        t.item(format!("**{name}"), None);
    }
    t.text(")");
    t
}

fn param_text(name: &str, default: Option<&Expr>) -> String {
    match default {
        None => name.to_owned(),
        Some(expr) => format!("{name}={}", python_default(expr)),
    }
}

/// A Rust default value written as a Python literal where it has an obvious one
/// (`"x"`, `1`, `2.5`, `true`, `None`), else `...`.
pub fn python_default(expr: &Expr) -> String {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(s) => python_str_repr(&s.value()),
            Lit::Int(i) => i.base10_digits().to_owned(),
            Lit::Float(f) => f.base10_digits().to_owned(),
            Lit::Bool(b) => if b.value { "True" } else { "False" }.to_owned(),
            Lit::Char(c) => python_str_repr(&c.value().to_string()),
            _ => "...".to_owned(),
        },
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => {
            let inner = python_default(&u.expr);
            if inner == "..." {
                inner
            } else {
                format!("-{inner}")
            }
        }
        Expr::Path(p) if p.path.is_ident("None") => "None".to_owned(),
        Expr::Group(g) => python_default(&g.expr),
        _ => "...".to_owned(),
    }
}

fn python_str_repr(s: &str) -> String {
    let mut out = String::from("'");
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
