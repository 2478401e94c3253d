//! Docstrings from `///` comments, and the `__text_signature__` CPython reads from them.

use crate::text::Text;
use syn::{Attribute, Expr, ExprLit, Lit, Meta};

/// A docstring: the item's `///` comments (`#[doc = "..."]` attributes), with the single
/// leading space rustdoc convention adds removed, and in their place any
/// `#[doc = include_str!("...")]` (or other constant expression), kept as written.
/// Dereferences to its literal text (what stubs and checks see).
pub struct Doc {
    text: String,
    parts: Vec<Part>,
}

enum Part {
    Text(String),
    Expr(Expr),
}

impl core::ops::Deref for Doc {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl Doc {
    /// The whole docstring as text fragments, expressions included.
    pub fn to_text(&self) -> Text {
        let mut t = Text::new("");
        self.append_to(&mut t);
        t
    }

    /// Appends the docstring's fragments to `t`.
    pub fn append_to(&self, t: &mut Text) {
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                t.text("\n");
            }
            match part {
                Part::Text(s) => t.text(s.as_str()),
                Part::Expr(e) => t.expr(quote::quote!(#e)),
            };
        }
    }

    /// A `&'static [u8]` constant expression: the docstring and a NUL.
    pub fn c_bytes_expr(&self) -> proc_macro2::TokenStream {
        self.to_text().c_bytes_expr()
    }
}

/// The docstring of an item with these attributes.
pub fn collect(attrs: &[Attribute]) -> Doc {
    let mut parts = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let flush = |lines: &mut Vec<String>, parts: &mut Vec<Part>| {
        if !lines.is_empty() {
            parts.push(Part::Text(std::mem::take(lines).join("\n")));
        }
    };
    for attr in attrs {
        let Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        if !nv.path.is_ident("doc") {
            continue;
        }
        match &nv.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) => {
                let value = s.value();
                for line in value.split('\n') {
                    lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
                }
            }
            other => {
                flush(&mut lines, &mut parts);
                parts.push(Part::Expr(other.clone()));
            }
        }
    }
    flush(&mut lines, &mut parts);
    // Blank lines at either end of the comment are not part of the docstring.
    if let Some(Part::Text(first)) = parts.first_mut() {
        *first = first.trim_start().to_owned();
    }
    if let Some(Part::Text(last)) = parts.last_mut() {
        *last = last.trim_end().to_owned();
    }
    parts.retain(|p| !matches!(p, Part::Text(s) if s.is_empty()));
    let text = parts
        .iter()
        .filter_map(|p| match p {
            Part::Text(s) => Some(s.as_str()),
            Part::Expr(_) => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    Doc { text, parts }
}

/// A C string literal's bytes (with the trailing NUL) for `text`.
pub fn c_bytes(text: &str) -> syn::LitByteStr {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    syn::LitByteStr::new(&bytes, proc_macro2::Span::call_site())
}

/// The docstring CPython expects for a builtin with a signature:
/// `name(sig)\n--\n\ndoc`. `inspect.signature` reads `sig` from it.
pub fn with_text_signature(name: &str, signature: Text, doc: &Doc) -> Text {
    let mut t = Text::new(", ");
    t.text(name).append(signature).text("\n--\n\n");
    doc.append_to(&mut t);
    t
}
