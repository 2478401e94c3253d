//! Generated strings that may depend on the type system: a parameter that may be the
//! `Python` token (no `signature`: its type decides) is in a docstring's text signature,
//! a type stub or an argument spec only if it is not the token. Such a string is built in
//! constant evaluation by `abide::__private::text`; one without conditions stays a literal.

use proc_macro2::TokenStream;
use quote::quote;

struct Frag {
    text: String,
    /// A `&'static str` constant expression that stands for the text (a
    /// `#[doc = include_str!("...")]`), known only when the user's crate compiles.
    expr: Option<TokenStream>,
    /// A constant `bool` expression: keep the fragment when it is true.
    keep: Option<TokenStream>,
    item: bool,
}

/// A string as plain text and list items (joined by `sep`), some kept only under a
/// condition.
pub struct Text {
    sep: &'static str,
    frags: Vec<Frag>,
}

impl Text {
    pub fn new(sep: &'static str) -> Self {
        Text {
            sep,
            frags: Vec::new(),
        }
    }

    /// Plain text.
    pub fn text(&mut self, text: impl Into<String>) -> &mut Self {
        let text = text.into();
        let expr = declared_expr(&text);
        self.frags.push(Frag {
            text,
            expr,
            keep: None,
            item: false,
        });
        self
    }

    /// Plain text given by a `&'static str` constant expression.
    pub fn expr(&mut self, expr: TokenStream) -> &mut Self {
        self.frags.push(Frag {
            text: String::new(),
            expr: Some(expr),
            keep: None,
            item: false,
        });
        self
    }

    /// A list item, kept when `keep` (a constant expression) is true, always if `None`.
    pub fn item(&mut self, text: impl Into<String>, keep: Option<TokenStream>) -> &mut Self {
        let text = text.into();
        let expr = declared_expr(&text);
        self.frags.push(Frag {
            text,
            expr,
            keep,
            item: true,
        });
        self
    }

    /// Appends `other`'s fragments (it uses the same separator).
    pub fn append(&mut self, other: Text) -> &mut Self {
        self.frags.extend(other.frags);
        self
    }

    /// The string, when no fragment is conditional or an expression.
    pub fn literal(&self) -> Option<String> {
        if self
            .frags
            .iter()
            .any(|f| f.keep.is_some() || f.expr.is_some())
        {
            return None;
        }
        let mut out = String::new();
        let mut prev_item = false;
        for f in &self.frags {
            if f.item && prev_item {
                out.push_str(self.sep);
            }
            out.push_str(&f.text);
            prev_item = f.item;
        }
        Some(out)
    }

    /// A `&'static str` constant expression, bound to a constant so that it is `'static`
    /// wherever it is used (not only in a constant's initializer).
    pub fn str_expr(&self) -> TokenStream {
        match self.literal() {
            Some(s) => quote!(#s),
            None => {
                let bytes = self.bytes_const();
                quote! {{
                    const __TEXT: &str = ::abide::__private::text::as_str(#bytes);
                    __TEXT
                }}
            }
        }
    }

    /// A `&'static [u8]` constant expression for the string followed by NUL.
    pub fn c_bytes_expr(&self) -> TokenStream {
        match self.literal() {
            Some(s) => {
                let lit = crate::docs::c_bytes(&s);
                quote!(#lit)
            }
            None => {
                let mut with_nul = Text::new(self.sep);
                with_nul.frags = self
                    .frags
                    .iter()
                    .map(|f| Frag {
                        text: f.text.clone(),
                        expr: f.expr.clone(),
                        keep: f.keep.clone(),
                        item: f.item,
                    })
                    .collect();
                with_nul.text("\0");
                with_nul.bytes_const()
            }
        }
    }

    fn bytes_const(&self) -> TokenStream {
        let sep = self.sep;
        let frags = self.frags.iter().map(|f| {
            let text = match &f.expr {
                Some(expr) => expr.clone(),
                None => {
                    let text = &f.text;
                    quote!(#text)
                }
            };
            match (&f.keep, f.item) {
                (None, false) => quote!(::abide::__private::text::Frag::text(#text)),
                (None, true) => quote!(::abide::__private::text::Frag::item(#text, true)),
                (Some(keep), _) => quote!(::abide::__private::text::Frag::item(#text, #keep)),
            }
        });
        quote! {{
            const __FRAGS: &[::abide::__private::text::Frag] = &[#(#frags),*];
            const __LEN: usize = ::abide::__private::text::len(__FRAGS, #sep);
            const __BYTES: [u8; __LEN] = ::abide::__private::text::build(__FRAGS, #sep);
            &__BYTES
        }}
    }
}

/// Text holding the annotations that types declare through their conversions
/// (`\u{3}I<type>\u{4}` for `FromPyObject::INPUT_TYPE`, `O` for
/// `IntoPyObject::OUTPUT_TYPE`; see `stub::declared`) as a constant expression that
/// joins the text around them with each type's declaration. `None` for text without.
fn declared_expr(text: &str) -> Option<TokenStream> {
    if !text.contains('\u{3}') {
        return None;
    }
    let mut joined = Text::new("");
    let mut rest = text;
    while let Some(start) = rest.find('\u{3}') {
        joined.text(&rest[..start]);
        let after = &rest[start + '\u{3}'.len_utf8()..];
        let end = after.find('\u{4}').unwrap_or(after.len());
        let (dir, ty) = after[..end].split_at(1);
        let ty: TokenStream = ty.parse().unwrap_or_else(|_| quote!(()));
        joined.expr(match dir {
            "I" => quote! {{
                use ::abide::__private::hint::NoInputType as _;
                <::abide::__private::param::Probe<#ty>>::INPUT_TYPE
            }},
            _ => quote! {{
                use ::abide::__private::hint::NoOutputType as _;
                <::abide::__private::param::Probe<#ty>>::OUTPUT_TYPE
            }},
        });
        rest = after.get(end + '\u{4}'.len_utf8()..).unwrap_or("");
    }
    joined.text(rest);
    Some(joined.str_expr())
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        let mut t = Text::new(", ");
        t.text(s);
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_joins_items() {
        let mut t = Text::new(", ");
        t.text("(")
            .item("$module", None)
            .item("a", None)
            .item("b", None)
            .text(")");
        assert_eq!(t.literal().as_deref(), Some("($module, a, b)"));
        t.item("c", Some(quote!(true)));
        assert_eq!(t.literal(), None);
    }
}
