//! Docstrings from `///` comments, and the `__text_signature__` CPython reads from them.

use syn::{Attribute, Expr, ExprLit, Lit, Meta};

/// The text of the item's `///` comments (`#[doc = "..."]` attributes), with the single
/// leading space rustdoc convention adds removed.
pub fn collect(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if let Meta::NameValue(nv) = &attr.meta {
            if nv.path.is_ident("doc") {
                if let Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) = &nv.value
                {
                    let value = s.value();
                    for line in value.split('\n') {
                        lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
                    }
                }
            }
        }
    }
    lines.join("\n").trim().to_owned()
}

/// A C string literal's bytes (with the trailing NUL) for `text`.
pub fn c_bytes(text: &str) -> syn::LitByteStr {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    syn::LitByteStr::new(&bytes, proc_macro2::Span::call_site())
}

/// The docstring CPython expects for a builtin with a signature:
/// `name(sig)\n--\n\ndoc`. `inspect.signature` reads `sig` from it.
pub fn with_text_signature(
    name: &str,
    signature: crate::text::Text,
    doc: &str,
) -> crate::text::Text {
    let mut t = crate::text::Text::new(", ");
    t.text(name)
        .append(signature)
        .text(format!("\n--\n\n{doc}"));
    t
}
