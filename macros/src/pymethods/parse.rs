//! Parsing of a `#[pymethods]` block: classify each method and read its receiver, its
//! attributes and its parameters. The checks between them are in `validate.rs`.

use super::specials::{self, Special};
use crate::attr::{FUNCTION_OPTIONS, FUNCTION_REJECTED, FunctionOptions, Given, Site};
use crate::callable::{self, Callable};
use crate::ctx::Ctx;
use syn::{FnArg, ImplItemFn, LitStr, Pat, Type};

/// What `self` is.
#[derive(Clone)]
pub enum Receiver {
    None,
    Ref,
    Mut,
    /// `slf: PyRef<'_, Self>` or `slf: PyRefMut<'_, Self>`: the type as written.
    Typed(Box<Type>),
}

/// What kind of Python member a method becomes.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Kind {
    Method,
    Static,
    Class,
    New,
    Getter(String),
    Setter(String),
    ClassAttr(String),
    /// A special method, with its row in the table.
    Special(&'static Special),
}

/// One parsed method.
pub struct Method {
    pub ident: syn::Ident,
    pub kind: Kind,
    pub receiver: Receiver,
    /// The receiver as written (`&self`, `slf: PyRef<'_, Self>`), if any.
    pub self_arg: Option<FnArg>,
    pub callable: Callable,
    pub doc: crate::docs::Doc,
    pub output: syn::ReturnType,
    pub written: Written,
}

/// The method's definition as written, beyond its kind and parameters: for validation.
pub struct Written {
    /// `#[new]`, `#[getter]`, `#[staticmethod]`, ... in order. The first decides the
    /// kind; a method may only have one.
    pub kinds: Vec<syn::Attribute>,
    /// The options given in its `#[py(...)]` attributes.
    pub given: Given,
    /// Its Rust signature.
    pub sig: syn::Signature,
}

/// What `#[py(...)]` on a method accepts: `name` and `signature`.
const METHOD: Site<FunctionOptions> = Site {
    name: "`#[py]` on a method",
    options: FUNCTION_OPTIONS,
    rejected: FUNCTION_REJECTED,
};

/// Reads the abide attributes of `func` (removing them) and classifies it.
pub fn parse(ctx: &mut Ctx, func: &mut ImplItemFn, self_ty: &Type) -> Method {
    let mut kinds: Vec<(Kind, syn::Attribute)> = Vec::new();
    let mut options = FunctionOptions::default();
    let mut given = Given::default();
    let mut keep = Vec::new();
    let fn_name = callable::resolve::python_ident(&func.sig.ident);

    for attr in func.attrs.drain(..) {
        let path = attr.path();
        let Some(key) = path.get_ident().map(|i| i.to_string()) else {
            keep.push(attr);
            continue;
        };
        match key.as_str() {
            "new" | "staticmethod" | "classmethod" | "classattr" => {
                crate::attr::no_arguments(ctx, &attr);
                let kind = match key.as_str() {
                    "new" => Kind::New,
                    "staticmethod" => Kind::Static,
                    "classmethod" => Kind::Class,
                    _ => Kind::ClassAttr(String::new()),
                };
                kinds.push((kind, attr));
            }
            "getter" | "setter" => {
                let explicit = crate::attr::name_argument(ctx, &attr);
                let prefix = if key == "getter" { "get_" } else { "set_" };
                let prop = explicit
                    .unwrap_or_else(|| fn_name.strip_prefix(prefix).unwrap_or(&fn_name).to_owned());
                let kind = if key == "getter" {
                    Kind::Getter(prop)
                } else {
                    Kind::Setter(prop)
                };
                kinds.push((kind, attr));
            }
            "py" => METHOD.parse_attr(ctx, &attr, &mut options, &mut given),
            "pyo3" => {
                ctx.error_spanned_by(&attr, "abide spells PyO3's `#[pyo3(...)]` as `#[py(...)]`");
            }
            _ => keep.push(attr),
        }
    }
    func.attrs = keep;

    let name = options.name.as_ref().map(LitStr::value);
    let (kinds, kind_attrs): (Vec<Kind>, Vec<syn::Attribute>) = kinds.into_iter().unzip();
    let python_name = name.clone().unwrap_or_else(|| fn_name.clone());
    let mut kind = kinds.into_iter().next().unwrap_or(Kind::Method);
    if let Kind::ClassAttr(n) = &mut kind {
        *n = python_name.clone();
    }
    if kind == Kind::Method
        && python_name.starts_with("__")
        && python_name.ends_with("__")
        && python_name.len() > 4
    {
        match specials::lookup(&python_name) {
            Some(d) => kind = Kind::Special(d),
            None if specials::is_plain_method(&python_name) => {}
            None if python_name == "__new__" || python_name == "__init__" => ctx.error_spanned_by(
                &func.sig.ident,
                format!(
                    "write the constructor as a method marked #[new] instead of `{python_name}`"
                ),
            ),
            None => ctx.error_spanned_by(
                &func.sig.ident,
                format!(
                    "`{python_name}` is not a special method abide supports; supported: {}",
                    specials::supported()
                ),
            ),
        }
    }

    let (receiver, self_arg, mut rest) = receiver(ctx, func);
    if kind == Kind::Class {
        take_class_param(ctx, func, &mut rest);
    }
    let callable = callable::resolve(
        ctx,
        python_name,
        rest,
        options.signature.as_ref(),
        Some(self_ty),
    );
    Method {
        ident: func.sig.ident.clone(),
        kind,
        receiver,
        self_arg,
        callable,
        doc: crate::docs::collect(&func.attrs),
        output: func.sig.output.clone(),
        written: Written {
            kinds: kind_attrs,
            given,
            sig: func.sig.clone(),
        },
    }
}

type Params = Vec<(syn::Ident, Type)>;

/// Splits off the receiver (also returned as written), returning the remaining named
/// parameters.
fn receiver(ctx: &mut Ctx, func: &ImplItemFn) -> (Receiver, Option<FnArg>, Params) {
    let mut inputs = func.sig.inputs.iter().peekable();
    let mut receiver = Receiver::None;
    let mut self_arg = None;
    match inputs.peek() {
        Some(arg @ FnArg::Receiver(r)) => {
            receiver = if r.reference.is_none() {
                ctx.error_spanned_by(
                    r,
                    "take `&self` or `&mut self`: a Python object cannot be moved out of",
                );
                Receiver::Ref
            } else if r.mutability.is_some() {
                Receiver::Mut
            } else {
                Receiver::Ref
            };
            self_arg = Some((*arg).clone());
            inputs.next();
        }
        Some(arg @ FnArg::Typed(pt)) if is_slf(pt) => {
            receiver = Receiver::Typed(pt.ty.clone());
            self_arg = Some((*arg).clone());
            inputs.next();
        }
        _ => {}
    }
    let mut params = Vec::new();
    for input in inputs {
        match input {
            FnArg::Typed(pt) => match &*pt.pat {
                Pat::Ident(pi) => params.push((pi.ident.clone(), (*pt.ty).clone())),
                other => ctx.error_spanned_by(
                    other,
                    "patterns are not supported in parameters; use a plain name",
                ),
            },
            FnArg::Receiver(r) => ctx.error_spanned_by(r, "`self` must be the first parameter"),
        }
    }
    (receiver, self_arg, params)
}

/// `slf: PyRef<'_, Self>` / `PyRefMut`.
fn is_slf(pt: &syn::PatType) -> bool {
    let Pat::Ident(pi) = &*pt.pat else {
        return false;
    };
    if pi.ident != "slf" {
        return false;
    }
    matches!(&*pt.ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "PyRef" || s.ident == "PyRefMut"))
}

/// A `#[classmethod]`'s first parameter is the class (`cls: &TypeObject<'_>`); it is
/// not a Python parameter.
fn take_class_param(ctx: &mut Ctx, func: &ImplItemFn, params: &mut Params) {
    if params.is_empty() {
        ctx.error_spanned_by(
            &func.sig.ident,
            "a #[classmethod] takes the class as its first parameter: `cls: &TypeObject<'_>`",
        );
    } else {
        params.remove(0);
    }
}
