//! `#[pyclass]` on an enum whose variants carry data (`Circle { r: f64 }`, `Rect(f64, f64)`),
//! as in PyO3. The enum is a frozen class that Python cannot instantiate; each variant is a
//! class extending it (`Shape.Circle`, created with the enum's class and kept as its
//! attribute) whose instances hold a value of that variant: its fields are read-only
//! properties (`_0`, `_1`, ... for a tuple variant, which also has `__len__` and
//! `__getitem__`), it has `__match_args__` and a constructor (signature from
//! `#[py(constructor = (...))]`). A value converts to Python as an instance of its
//! variant's class.

use super::expand::{Class, class};
use super::parse::{Derived, Options};
use super::variant::Variant;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::{Ident, ItemEnum, LitStr};

pub fn expand(item: &ItemEnum, options: &Options, variants: &[Variant]) -> TokenStream {
    let ty = &item.ident;
    let classes: Vec<Ident> = variants.iter().map(|v| variant_class(ty, v)).collect();
    let class_options = Options {
        name: options.name.clone(),
        module: options.module.clone(),
        // The variants' classes extend it.
        subclass: true,
        // A `&mut self` method could change the variant under its class.
        frozen: true,
        derive: Derived {
            eq: options.derive.eq.clone(),
            ord: options.derive.ord.clone(),
            hash: options.derive.hash.clone(),
            str: options.derive.str.clone(),
        },
        ..Options::default()
    };
    let members = variants
        .iter()
        .flat_map(|v| &v.fields)
        .filter_map(|f| {
            f.variant
                .as_ref()
                .map(|(_, pattern)| (pattern.clone(), f.ty.clone()))
        })
        .collect();
    let arms = variants.iter().zip(&classes).map(|(v, cls)| {
        let variant = &v.ident;
        quote! {
            #ty::#variant { .. } => ::abide::__private::class::variant_instance(py, #cls, self),
        }
    });
    let class_impl = quote! {
        #[inline]
        fn into_variant_instance(
            self,
            py: ::abide::Python<'_>,
        ) -> ::core::result::Result<::abide::PyResult<::abide::Py<Self>>, Self> {
            ::core::result::Result::Ok(match self {
                #(#arms)*
            })
        }
    };
    let nested = classes
        .iter()
        .map(|cls| quote!(::abide::__private::class::NestedClass::of::<#cls>()))
        .collect();
    let base = class(Class {
        item: quote!(#item),
        ty,
        attrs: &item.attrs,
        options: &class_options,
        fields: &[],
        members,
        gc: false,
        class_impl,
        nested,
        class_attrs: Vec::new(),
        stub_items: Vec::new(),
    });
    let variant_classes = variants
        .iter()
        .zip(&classes)
        .map(|(v, cls)| variant_items(ty, options, v, cls));
    quote! {
        #base
        #(#variant_classes)*
    }
}

/// The Rust type behind a variant's class: a hidden marker, since the value lives in the
/// enum's level of the instance.
fn variant_class(ty: &Ident, v: &Variant) -> Ident {
    format_ident!("__AbideVariant_{}_{}", ty, v.ident)
}

/// A variant's class (extending the enum's) and its methods.
fn variant_items(ty: &Ident, options: &Options, v: &Variant, cls: &Ident) -> TokenStream {
    let enum_name = options
        .name
        .as_ref()
        .map_or_else(|| ty.to_string(), LitStr::value);
    // `Shape.Circle`: the runtime makes the class the enum's attribute `Circle`.
    let name = format!("{enum_name}.{}", v.python_name);
    let class_options = Options {
        name: Some(LitStr::new(&name, v.ident.span())),
        module: options.module.clone(),
        extends: Some(ty.clone().into()),
        frozen: true,
        ..Options::default()
    };
    let marker = quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        struct #cls;
    };
    let class = class(Class {
        item: marker,
        ty: cls,
        attrs: &v.attrs,
        options: &class_options,
        fields: &v.fields,
        members: Vec::new(),
        gc: false,
        class_impl: quote!(),
        nested: Vec::new(),
        class_attrs: vec![match_args(v)],
        stub_items: vec![match_args_stub(v)],
    });
    let constructor = constructor(ty, v);
    let sequence = if v.tuple { sequence(ty, v) } else { quote!() };
    quote! {
        #class

        #[::abide::pymethods]
        impl #cls {
            #constructor
            #sequence
        }
    }
}

/// `Shape.Circle(r)`: one parameter per field, named as its property; the signature is
/// the variant's `constructor` if it has one.
fn constructor(ty: &Ident, v: &Variant) -> TokenStream {
    let variant = &v.ident;
    let params = v.fields.iter().map(|f| {
        let (ident, field_ty) = (&f.ident, &f.ty);
        quote!(#ident: #field_ty)
    });
    let idents = v.fields.iter().map(|f| &f.ident);
    let value = if v.tuple {
        quote!(#ty::#variant(#(#idents),*))
    } else {
        quote!(#ty::#variant { #(#idents),* })
    };
    let signature = v
        .options
        .constructor
        .as_ref()
        .map(|sig| quote!(#[py(signature = #sig)]));
    quote! {
        #[new]
        #signature
        fn __abide_new(#(#params),*) -> (Self, #ty) {
            (Self, #value)
        }
    }
}

/// `__match_args__`: the fields' names, so that `case Shape.Circle(r)` and
/// `case Shape.Rect(w, h)` bind them by position.
fn match_args(v: &Variant) -> TokenStream {
    let names = v.fields.iter().map(|f| &f.python_name);
    let count = v.fields.len();
    quote! {
        ::abide::__private::class::ClassAttrEntry {
            name: "__match_args__",
            value: |py| {
                let names: [::abide::Object<'_>; #count] =
                    [#(::abide::IntoPyObject::into_pyobject(#names, py)?),*];
                ::abide::IntoPyObject::into_pyobject(::abide::types::Tuple::new(py, names)?, py)
            },
        }
    }
}

/// `__match_args__ = ("r",)` in the stub: type checkers read the names from the literal.
fn match_args_stub(v: &Variant) -> TokenStream {
    let names: Vec<String> = v
        .fields
        .iter()
        .map(|f| format!("\"{}\"", f.python_name))
        .collect();
    let tuple = match names.len() {
        1 => format!("({},)", names[0]),
        _ => format!("({})", names.join(", ")),
    };
    crate::stub::Item::member("__match_args__", format!("__match_args__ = {tuple}")).tokens()
}

/// A tuple variant's instances are sequences of its fields: `len(r)`, `r[0]`, `w, h = r`.
fn sequence(ty: &Ident, v: &Variant) -> TokenStream {
    let variant = &v.ident;
    let count = v.fields.len();
    let len = Literal::isize_unsuffixed(count as isize);
    let arms = v.fields.iter().enumerate().map(|(i, f)| {
        let index = Literal::isize_unsuffixed(i as isize);
        let pattern = &f.variant.as_ref().expect("a variant's field").1;
        quote! {
            (#pattern, #index) => ::abide::__private::class::VariantFieldGet::get_field(__field, py),
        }
    });
    quote! {
        fn __len__(&self) -> usize {
            #count
        }

        fn __getitem__<'py>(
            slf: ::abide::PyRef<'py, Self>,
            index: isize,
        ) -> ::abide::PyResult<::abide::Object<'py>> {
            let obj = slf.as_object();
            let py = ::abide::PyAnyMethods::py(obj);
            let value: ::abide::PyRef<'py, #ty> = ::abide::PyAnyMethods::extract(obj)?;
            let index = if index < 0 { index + #len } else { index };
            #[allow(unreachable_patterns)]
            match (&*value, index) {
                #(#arms)*
                (#ty::#variant(..), _) => ::core::result::Result::Err(
                    ::abide::exceptions::PyIndexError::new_err("tuple index out of range"),
                ),
                // SAFETY: the receiver, alive for the call.
                _ => ::core::result::Result::Err(unsafe {
                    ::abide::__private::class::wrong_variant(py, obj.as_ptr())
                }),
            }
        }
    }
}
