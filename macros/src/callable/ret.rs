//! The call of the user's function and the conversion of what it returns. The conversion
//! is spanned at the declared return type, so a type that cannot be returned is reported
//! there; the error of a `Result` is converted on its own, spanned at the error type.

use crate::span::UserSpan;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{GenericArgument, PathArguments, ReturnType, Type};

/// Where the parts of a declared return type are written.
pub struct Output {
    /// The value: `T` of `Result<T, E>` or `PyResult<T>`, otherwise the whole type (or
    /// the function's name when there is no return type).
    value: UserSpan,
    /// The error type of a `Result` (the `Result` itself when it is implied, as in
    /// `PyResult<T>`); `None` when the function does not return a `Result`.
    error: Option<UserSpan>,
}

impl Output {
    pub fn new(output: &ReturnType, name: &syn::Ident) -> Self {
        let ty = match output {
            ReturnType::Default => {
                return Output {
                    value: UserSpan::single(name.span()),
                    error: None,
                };
            }
            ReturnType::Type(_, ty) => &**ty,
        };
        match result_parts(ty) {
            Some((segment, value, error)) => Output {
                value: UserSpan::of(value),
                error: Some(error.map_or_else(|| UserSpan::of(segment), UserSpan::of)),
            },
            None => Output {
                value: UserSpan::of(ty),
                error: None,
            },
        }
    }

    /// Calls the user's function (`call`) and converts its value with the function or
    /// method `convert`, whose first argument is the value and the rest `extra` (e.g.
    /// `, py`). An `Err` returns early from the enclosing function, converted to `PyErr`.
    pub fn convert(
        &self,
        call: TokenStream,
        convert: TokenStream,
        extra: TokenStream,
    ) -> TokenStream {
        let value = self.unwrap(call);
        let arg = self.value.value(quote!(__ret));
        let converted = self.value.call(convert, quote!(#arg #extra));
        quote! {{
            let __ret = #value;
            #converted
        }}
    }

    /// Where the value's type is written.
    pub fn value_span(&self) -> UserSpan {
        self.value
    }

    /// Calls the user's function (`call`) and evaluates to its value: for a `Result`,
    /// an `Err` returns early from the enclosing function, converted to `PyErr`.
    pub fn unwrap(&self, call: TokenStream) -> TokenStream {
        let Some(error) = self.error else {
            return call;
        };
        let raise = error.call(
            quote!(::abide::__private::ret::IntoPyErr::into_pyerr),
            error.value(quote!(__err)),
        );
        quote! {
            match #call {
                ::core::result::Result::Ok(__value) => __value,
                ::core::result::Result::Err(__err) => return ::core::result::Result::Err(#raise),
            }
        }
    }
}

/// `Result<T, E>`, `PyResult<T>` or another one-argument `Result<T>` alias: the last path
/// segment, `T`, and `E` if written.
fn result_parts(ty: &Type) -> Option<(&syn::PathSegment, &Type, Option<&Type>)> {
    let Type::Path(p) = ty else { return None };
    let segment = p.path.segments.last()?;
    if segment.ident != "Result" && segment.ident != "PyResult" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let value = types.next()?;
    let error = types.next();
    if types.next().is_some() {
        return None;
    }
    Some((segment, value, error))
}
