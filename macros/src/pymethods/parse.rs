//! Parsing of a `#[pymethods]` block: classify each method and read its receiver, its
//! attributes and its parameters. The checks between them are in `validate.rs`.

use super::attrs::{kind_named, unknown_attribute};
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
    Deleter(String),
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
    /// A `#[new]` also marked `#[classmethod]`: it receives the class to create first.
    pub new_takes_cls: bool,
    /// An `async fn`'s `#[py(cancel_handle)]` parameter, which Python does not pass.
    pub cancel: Option<callable::asyncness::CancelParam>,
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
                kinds.extend(kind_named(&key, &fn_name, None).map(|k| (k, attr)));
            }
            "getter" | "setter" | "deleter" => {
                let explicit = crate::attr::name_argument(ctx, &attr);
                kinds.extend(kind_named(&key, &fn_name, explicit).map(|k| (k, attr)));
            }
            "py" => METHOD.parse_attr(ctx, &attr, &mut options, &mut given),
            "pyo3" => {
                ctx.error_spanned_by(&attr, "abide spells PyO3's `#[pyo3(...)]` as `#[py(...)]`");
            }
            other => match unknown_attribute(other) {
                Some((msg, meant)) => {
                    ctx.error_spanned_by(&attr, msg);
                    // Go on as the attribute meant, so that the method raises no errors
                    // of its own ("needs a receiver", ...).
                    let kind = meant.and_then(|k| kind_named(k, &fn_name, None));
                    kinds.extend(kind.map(|k| (k, attr)));
                }
                None => keep.push(attr),
            },
        }
    }
    func.attrs = keep;

    let name = options.name.as_ref().map(LitStr::value);
    // `#[new]` with `#[classmethod]` is one kind: a constructor that receives the class.
    let new_takes_cls =
        kinds.iter().any(|(k, _)| *k == Kind::New) && kinds.iter().any(|(k, _)| *k == Kind::Class);
    if new_takes_cls {
        kinds.retain(|(k, _)| *k != Kind::Class);
    }
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

    // A typed first parameter (`this: PyRef<'_, Self>`) is the receiver of a method that
    // has one; for a static method, a constructor, ... it is an argument, as in PyO3.
    let instance = !matches!(
        kind,
        Kind::Static | Kind::Class | Kind::New | Kind::ClassAttr(_)
    );
    let mut cancel = callable::asyncness::take_cancel_handle(ctx, &mut func.sig);
    let (receiver, self_arg, mut rest) = receiver(ctx, func, Some(self_ty).filter(|_| instance));
    if let Some(c) = &mut cancel {
        // Counted among the typed parameters, which include a typed receiver.
        if matches!(receiver, Receiver::Typed(_)) {
            c.position -= 1;
        }
        rest.retain(|(ident, _)| *ident != c.ident);
    }
    if kind == Kind::Class || new_takes_cls {
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
        new_takes_cls,
        cancel,
    }
}

type Params = Vec<(syn::Ident, Type)>;

/// Splits off the receiver (also returned as written), returning the remaining named
/// parameters.
/// `typed_self` is the class, when a typed first parameter may be the receiver.
fn receiver(
    ctx: &mut Ctx,
    func: &ImplItemFn,
    typed_self: Option<&Type>,
) -> (Receiver, Option<FnArg>, Params) {
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
        Some(arg @ FnArg::Typed(pt)) if typed_self.is_some_and(|t| is_typed_receiver(pt, t)) => {
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

/// A first parameter of any name whose type holds the instance itself: `PyRef<'_, Self>`,
/// `PyRefMut<'_, Self>` or `Py<Self>` (`Self` or the class's own name), as PyO3 users
/// write `slf`, `this`, `me` or `self_`. A `PyRef` of another class is a parameter.
fn is_typed_receiver(pt: &syn::PatType, self_ty: &Type) -> bool {
    if !matches!(&*pt.pat, Pat::Ident(_)) {
        return false;
    }
    let Type::Path(p) = &*pt.ty else {
        return false;
    };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    if !["PyRef", "PyRefMut", "Py"].iter().any(|n| last.ident == n) {
        return false;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return false;
    };
    let class = match self_ty {
        Type::Path(t) => t.path.segments.last().map(|s| &s.ident),
        _ => None,
    };
    args.args.iter().any(|a| match a {
        syn::GenericArgument::Type(Type::Path(t)) => {
            t.qself.is_none()
                && t.path.segments.len() == 1
                && (t.path.segments[0].ident == "Self" || Some(&t.path.segments[0].ident) == class)
        }
        _ => false,
    })
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
