//! Code generation shared by everything Python can call: the static `ArgSpec`, the
//! statements that parse and convert the arguments, and the `__text_signature__`.

use super::{Callable, Kind, Role};
use crate::span::UserSpan;
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
    let names = c
        .params
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join("\0");
    let n_params = c.params.len() as u16;
    // Counts are u16 in the spec; `n_params` bounds them all (the macros reject more
    // parameters than that).
    let positional_only = c
        .params
        .iter()
        .filter(|p| p.kind == Kind::PositionalOnly)
        .count() as u16;
    let positional = c
        .params
        .iter()
        .filter(|p| p.kind != Kind::KeywordOnly)
        .count() as u16;
    let required_positional = c
        .params
        .iter()
        .take_while(|p| p.kind != Kind::KeywordOnly && p.default.is_none())
        .count() as u16;
    let required_kwonly = c
        .params
        .iter()
        .filter(|p| p.kind == Kind::KeywordOnly)
        .map(|p| p.default.is_none());
    let varargs = c.varargs.is_some();
    let varkw = c.varkw.is_some();
    let n = c.params.len();

    let mut parse = quote! {
        static __SPEC: ::abide::impl_::args::ArgSpec = ::abide::impl_::args::ArgSpec {
            name: #name,
            params: #names,
            required_keyword_only: &[#(#required_kwonly),*],
            n_params: #n_params,
            positional_only: #positional_only,
            positional: #positional,
            required_positional: #required_positional,
            varargs: #varargs,
            varkw: #varkw,
        };
        let mut __slots: [::core::option::Option<::abide::Borrowed<'_, '_>>; #n] = [::core::option::Option::None; #n];
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
            Role::Token => call_args.push(quote!(py)),
            Role::Varargs => {
                parse.extend(
                    quote!(let __varargs = ::abide::impl_::args::varargs(py, &mut __extra)?;),
                );
                call_args.push(UserSpan::of(&arg.ty).call(
                    quote!(::abide::impl_::diagnostics::FromVarargs::from_varargs),
                    quote!(__varargs),
                ));
            }
            Role::Varkw => {
                parse.extend(quote!(let __varkw = __extra.varkw.take();));
                call_args.push(UserSpan::of(&arg.ty).call(
                    quote!(::abide::impl_::diagnostics::FromVarkw::from_varkw),
                    quote!(__varkw),
                ));
            }
            Role::Param(i) => {
                let var = format_ident!("__arg{}", i);
                let passing = passing(&arg.ty);
                let annotation = passing.annotation();
                let span = UserSpan::of(&arg.ty);
                let value = match &c.params[i].default {
                    None => {
                        let extract = span.call(
                            quote!(::abide::impl_::args::extract_required),
                            quote!(__slots[#i], &__SPEC, #i),
                        );
                        quote!(#extract?)
                    }
                    Some(default) => {
                        let extract = span.call(
                            quote!(::abide::impl_::args::extract_argument),
                            quote!(__obj, &__SPEC, #i),
                        );
                        let extract = quote!(#extract?);
                        quote! {
                            match __slots[#i] {
                                ::core::option::Option::Some(__obj) => #extract,
                                ::core::option::Option::None => #default,
                            }
                        }
                    }
                };
                parse.extend(quote!(let #var #annotation = #value;));
                call_args.push(passing.pass(&var));
            }
        }
    }
    ArgCode { parse, call_args }
}

/// A plain `METH_FASTCALL | METH_KEYWORDS` wrapper named `wrapper` (module functions and
/// static methods, which ignore their first argument): `body` runs in the trampoline
/// with `py` and `__call` in scope.
pub fn fastcall_wrapper(wrapper: &syn::Ident, body: TokenStream) -> TokenStream {
    quote! {
        unsafe extern "C" fn #wrapper(
            _slf: *mut ::abide::ffi::PyObject,
            args: *const *mut ::abide::ffi::PyObject,
            nargs: ::abide::ffi::Py_ssize_t,
            kwnames: *mut ::abide::ffi::PyObject,
        ) -> *mut ::abide::ffi::PyObject {
            // SAFETY: CPython calls functions attached, with a valid argument vector.
            let py = unsafe { ::abide::Python::assume_attached() };
            let __call = unsafe { ::abide::impl_::args::FastcallArgs::new(args, nargs, kwnames) };
            ::abide::impl_::trampoline::trampoline(py, |py| { #body })
        }
    }
}

/// How a parameter's value is made from the argument object.
pub enum Passing {
    /// Extracted by value (`i64`, `&str`, `Vec<T>`, `PyRef<T>`, ...).
    Value,
    /// `&T` for a `#[pyclass]` `T`: a `PyRef<T>` holder, passed as `&*holder`.
    Ref(Type),
    /// `&mut T`: a `PyRefMut<T>` holder.
    Mut(Type),
    /// `&Object`, `&Tuple`, ...: the handle itself, passed by reference.
    HandleRef(Type),
}

const HANDLES: &[&str] = &[
    "Object",
    "Tuple",
    "List",
    "Dict",
    "TypeObject",
    "Module",
    "Borrowed",
];

/// Decides how a parameter of type `ty` is passed.
pub fn passing(ty: &Type) -> Passing {
    let Type::Reference(r) = ty else {
        return Passing::Value;
    };
    let elem = &*r.elem;
    match elem {
        Type::Path(p) if p.path.is_ident("str") => Passing::Value,
        Type::Slice(_) => Passing::Value,
        Type::Path(p)
            if p.path
                .segments
                .last()
                .is_some_and(|s| HANDLES.iter().any(|h| s.ident == h)) =>
        {
            Passing::HandleRef(elem.clone())
        }
        _ if r.mutability.is_some() => Passing::Mut(elem.clone()),
        _ => Passing::Ref(elem.clone()),
    }
}

impl Passing {
    /// The type annotation of the holder variable, if it needs one.
    pub fn annotation(&self) -> TokenStream {
        match self {
            Passing::Value => quote!(),
            Passing::Ref(t) => {
                let t = crate::lifetimes::elided(t);
                quote!(: ::abide::PyRef<'_, #t>)
            }
            Passing::Mut(t) => {
                let t = crate::lifetimes::elided(t);
                quote!(: ::abide::PyRefMut<'_, #t>)
            }
            Passing::HandleRef(t) => {
                let t = crate::lifetimes::elided(t);
                quote!(: #t)
            }
        }
    }

    /// The expression passed to the user's function.
    pub fn pass(&self, var: &syn::Ident) -> TokenStream {
        match self {
            Passing::Value => quote!(#var),
            Passing::Ref(_) => quote!(&*#var),
            Passing::Mut(_) => quote!(&mut *#var),
            Passing::HandleRef(_) => quote!(&#var),
        }
    }
}

/// The parenthesised signature for `__text_signature__`, e.g. `($module, /, a, b=1)`.
/// `first` is the implicit first parameter (`$module`, `$self`, `$type`).
pub fn text_signature(c: &Callable, first: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(first) = first {
        parts.push(first.to_owned());
    }
    let mut positional_only = false;
    for p in c.params.iter().filter(|p| p.kind == Kind::PositionalOnly) {
        parts.push(param_text(&p.name, p.default.as_ref()));
        positional_only = true;
    }
    if positional_only || first.is_some() {
        parts.push("/".to_owned());
    }
    for p in c
        .params
        .iter()
        .filter(|p| p.kind == Kind::PositionalOrKeyword)
    {
        parts.push(param_text(&p.name, p.default.as_ref()));
    }
    let kwonly: Vec<_> = c
        .params
        .iter()
        .filter(|p| p.kind == Kind::KeywordOnly)
        .collect();
    match &c.varargs {
        Some(name) => parts.push(format!("*{name}")),
        None if !kwonly.is_empty() => parts.push("*".to_owned()),
        None => {}
    }
    for p in kwonly {
        parts.push(param_text(&p.name, p.default.as_ref()));
    }
    if let Some(name) = &c.varkw {
        parts.push(format!("**{name}"));
    }
    format!("({})", parts.join(", "))
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
