//! `#[classattr]` on an associated constant (`#[classattr] const MAX: u32 = 10;`): a
//! class attribute holding the constant's value, converted when the class is created.

use crate::ctx::Ctx;
use crate::span::UserSpan;
use proc_macro2::TokenStream;
use quote::quote;

/// A `#[classattr]` on an associated constant: `const MAX: u32 = 10;`.
pub struct ClassConst {
    pub ident: syn::Ident,
    pub ty: syn::Type,
    pub python_name: String,
}

impl ClassConst {
    /// The `ClassAttrEntry` that converts the constant when the class is created.
    pub fn entry(&self) -> TokenStream {
        let (name, ident) = (&self.python_name, &self.ident);
        // The value spanned at the constant's type, where a missing conversion is reported.
        let span = UserSpan::of(&self.ty);
        let value = span.value(quote!(Self::#ident));
        let convert = span.call(
            quote!(::abide::IntoPyObject::into_pyobject),
            quote!(#value, py),
        );
        quote! {
            ::abide::__private::class::ClassAttrEntry {
                name: #name,
                value: |py| #convert,
            }
        }
    }

    /// The name the constant defines, for the check across blocks.
    pub fn defined_name(&self) -> TokenStream {
        super::expand::name_entry(&self.python_name, quote!(Attribute), &self.ident)
    }

    /// `NAME: ClassVar[T]` in the type stub.
    pub fn stub(&self, class: Option<&str>) -> crate::stub::Item {
        use crate::stub::{Item, Pos, annotation, import};
        let ann = annotation(&self.ty, Pos::Result, class);
        let name = &self.python_name;
        Item::member(
            name,
            format!("{name}: {}[{ann}]", import("typing", "ClassVar")),
        )
    }
}

/// An associated constant marked `#[classattr]` (the attribute removed): a class
/// attribute with the constant's value. Other constants are left alone.
pub fn class_const(ctx: &mut Ctx, item: &mut syn::ImplItemConst) -> Option<ClassConst> {
    let at = item
        .attrs
        .iter()
        .position(|a| a.path().is_ident("classattr"))?;
    let attr = item.attrs.remove(at);
    crate::attr::no_arguments(ctx, &attr);
    const ABIDE: [&str; 8] = [
        "new",
        "getter",
        "setter",
        "deleter",
        "staticmethod",
        "classmethod",
        "py",
        "pyo3",
    ];
    let abide = |a: &syn::Attribute| ABIDE.iter().any(|k| a.path().is_ident(k));
    for other in item.attrs.iter().filter(|a| abide(a)) {
        ctx.error_spanned_by(
            other,
            "a `#[classattr]` constant takes no other abide attribute; its Python name is \
             the constant's",
        );
    }
    item.attrs.retain(|a| !abide(a));
    Some(ClassConst {
        python_name: crate::callable::resolve::python_ident(&item.ident),
        ident: item.ident.clone(),
        ty: item.ty.clone(),
    })
}
