//! `wrap_pyfunction!(path::to::func)`: names the hidden static `#[pyfunction]` emitted next
//! to `func`.

use proc_macro2::TokenStream;
use quote::quote;

pub fn wrap_pyfunction(input: TokenStream) -> TokenStream {
    let mut path: syn::Path = match syn::parse2(input) {
        Ok(p) => p,
        Err(err) => {
            return syn::Error::new(
                err.span(),
                "expected the path of a #[pyfunction], e.g. `wrap_pyfunction!(add)`",
            )
            .to_compile_error();
        }
    };
    let Some(last) = path.segments.last_mut() else {
        return syn::Error::new_spanned(&path, "expected a function name").to_compile_error();
    };
    last.ident = crate::pyfunction::def_ident(&last.ident);
    quote!(&#path)
}
