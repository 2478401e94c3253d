//! The model shared by everything Python can call (functions now, methods later): which
//! Rust parameter is which Python parameter, checked against the `signature` option.

pub mod asyncness;
pub mod expand;
pub mod resolve;
pub mod ret;

pub use resolve::resolve;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, Ident, Type};

/// What a Rust parameter receives.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    /// The `Python<'py>` token: a parameter the `signature` leaves out (its type must be
    /// the token). Without a `signature`, a token is a `Param` that may be the token.
    Token,
    /// A Python parameter (index into `Callable::params`).
    Param(usize),
    /// The `*args` tuple.
    Varargs,
    /// The `**kwargs` dict.
    Varkw,
}

/// A Rust parameter of the user's function.
pub struct RustArg {
    pub ident: Ident,
    pub ty: Type,
    pub role: Role,
    /// A constant `bool` expression: whether `ty` is the `Python` token.
    pub is_token: TokenStream,
}

/// How a Python parameter may be passed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    PositionalOnly,
    PositionalOrKeyword,
    KeywordOnly,
}

/// A named Python parameter, in Python order (positional first, then keyword-only).
pub struct Param {
    pub name: String,
    pub kind: Kind,
    pub default: Option<Expr>,
    /// The annotation the `signature` gives it (`a: "int"`), as stub text.
    pub annotation: Option<String>,
    /// Without a `signature`, any parameter may be the `Python` token, which the type
    /// decides: the constant `bool` expression that says it is. Such a parameter is
    /// positional-or-keyword without a default.
    pub maybe_token: Option<TokenStream>,
}

/// A resolved callable: the Rust arguments in Rust order, and the Python parameters.
pub struct Callable {
    pub python_name: String,
    pub args: Vec<RustArg>,
    pub params: Vec<Param>,
    pub varargs: Option<String>,
    pub varkw: Option<String>,
    /// The result's annotation the `signature` gives (`-> "Self"`), as stub text.
    pub returns: Option<String>,
}

impl Callable {
    /// Whether nothing is passed from Python at all (a `METH_NOARGS` function).
    pub fn takes_no_arguments(&self) -> bool {
        self.params.is_empty() && self.varargs.is_none() && self.varkw.is_none()
    }

    /// The position of parameter `index` among those Python passes (the tokens before it
    /// left out), which is also how many of the first `index` parameters Python passes:
    /// a constant `usize` expression.
    pub fn position(&self, index: usize) -> TokenStream {
        passed(&self.params[..index])
    }

    /// How many of the parameters for which `filter` holds Python passes: a constant
    /// `usize` expression.
    pub fn count(&self, filter: impl Fn(&Param) -> bool) -> TokenStream {
        let selected: Vec<&Param> = self.params.iter().filter(|p| filter(p)).collect();
        passed(selected)
    }

    /// How many parameters certainly are Python's, and how many more may be.
    pub fn python_params(&self) -> (usize, usize) {
        let maybe = self
            .params
            .iter()
            .filter(|p| p.maybe_token.is_some())
            .count();
        (self.params.len() - maybe, maybe)
    }
}

/// How many of `params` Python passes, those that turn out to be the token left out: a
/// constant `usize` expression, a plain number when none may be the token.
fn passed<'p>(params: impl IntoIterator<Item = &'p Param>) -> TokenStream {
    let mut n = 0usize;
    let mut tokens = Vec::new();
    for p in params {
        n += 1;
        tokens.extend(p.maybe_token.as_ref());
    }
    if tokens.is_empty() {
        quote!(#n)
    } else {
        quote!((#n - (0 #(+ (#tokens as usize))*)))
    }
}

/// The constant `bool` expression that says whether `ty` is the `Python` token, decided
/// by the type system (`Probe`), so that an alias counts and a user type called `Python`
/// does not. `self_ty` replaces `Self`, which a constant item inside a method cannot name.
pub fn is_token(ty: &Type, self_ty: Option<&Type>) -> TokenStream {
    let ty = crate::lifetimes::for_const(ty, self_ty);
    quote! {{
        #[allow(unused_imports)]
        use ::abide::__private::param::NotToken as _;
        <::abide::__private::param::Probe<#ty>>::IS_TOKEN
    }}
}
