//! The model shared by everything Python can call (functions now, methods later): which
//! Rust parameter is which Python parameter, checked against the `signature` option.

pub mod expand;
pub mod resolve;
pub mod ret;

pub use resolve::resolve;

use syn::{Expr, Ident, Type};

/// What a Rust parameter receives.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The `Python<'py>` token.
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
}

/// A resolved callable: the Rust arguments in Rust order, and the Python parameters.
pub struct Callable {
    pub python_name: String,
    pub args: Vec<RustArg>,
    pub params: Vec<Param>,
    pub varargs: Option<String>,
    pub varkw: Option<String>,
}

impl Callable {
    /// Whether nothing is passed from Python at all (a `METH_NOARGS` function).
    pub fn takes_no_arguments(&self) -> bool {
        self.params.is_empty() && self.varargs.is_none() && self.varkw.is_none()
    }
}

/// Whether `ty` is the `Python<'py>` token (by its last path segment, so `abide::Python`
/// and a plain `Python` both count).
pub fn is_python_token(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Python"),
        _ => false,
    }
}
