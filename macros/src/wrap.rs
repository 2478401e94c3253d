//! `wrap_pyfunction!(path::to::func)`: the `FunctionDef` of a `#[pyfunction]`, found
//! through the hidden type `#[pyfunction]` declares under the function's name.

use crate::span::UserSpan;
use proc_macro2::TokenStream;
use quote::quote;

pub fn wrap_pyfunction(input: TokenStream) -> TokenStream {
    let path: syn::Path = match syn::parse2(input) {
        Ok(p) => p,
        Err(err) => {
            return syn::Error::new(
                err.span(),
                "expected the path of a #[pyfunction], e.g. `wrap_pyfunction!(add)`",
            )
            .to_compile_error();
        }
    };
    let Some(last) = path.segments.last() else {
        return syn::Error::new_spanned(&path, "expected a function name").to_compile_error();
    };
    if !last.arguments.is_none() {
        return syn::Error::new_spanned(
            &last.arguments,
            "a #[pyfunction] has no generic arguments; write its path alone",
        )
        .to_compile_error();
    }
    let ident = &last.ident;
    // `__abide_fn` is the type `path` names, if there is one (an explicit import shadows
    // a glob import); otherwise a stand-in with the function's name, for which the error
    // reads "`add` is not a #[pyfunction]".
    let span = UserSpan::of(&path);
    let lookup = span.call(
        quote!(::abide::__private::function::function_def),
        span.value(quote!(::core::marker::PhantomData::<__abide_fn>)),
    );
    quote! {{
        #[allow(dead_code, non_camel_case_types, unused_imports)]
        mod __abide_wrap {
            mod stand_in {
                pub struct #ident {}
            }
            pub use self::stand_in::#ident as __abide_fn;
        }
        #[allow(unused_imports)]
        use __abide_wrap::*;
        #[allow(unused_imports)]
        use #path as __abide_fn;
        #lookup
    }}
}
