//! Collects errors so that one expansion reports all of them together.

use std::fmt::Display;

/// Errors found while parsing or validating one macro input.
#[derive(Default)]
pub struct Ctx {
    errors: Vec<syn::Error>,
}

impl Ctx {
    /// Records an error at `tokens`' span.
    pub fn error_spanned_by(&mut self, tokens: impl quote::ToTokens, msg: impl Display) {
        self.errors.push(syn::Error::new_spanned(tokens, msg));
    }

    /// Records an error at a span.
    pub fn error_at(&mut self, span: proc_macro2::Span, msg: impl Display) {
        self.errors.push(syn::Error::new(span, msg));
    }

    /// Records a syn error.
    pub fn syn_error(&mut self, err: syn::Error) {
        self.errors.push(err);
    }

    /// How many errors were recorded so far.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// `Ok(())` if nothing went wrong, otherwise all errors combined into one.
    pub fn check(self) -> syn::Result<()> {
        let mut iter = self.errors.into_iter();
        match iter.next() {
            None => Ok(()),
            Some(mut first) => {
                for err in iter {
                    first.combine(err);
                }
                Err(first)
            }
        }
    }
}
