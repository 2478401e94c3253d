//! The impls: `FromPyObject<'a, 'py>` and `IntoPyObject<'py>` for the checked shapes.
//! The generated code calls the helpers of `abide::__private::derive`, which hold the
//! error wording. Each field's type gets a where-clause bound (spanned at the type), so
//! generic parameters and lifetimes need no bounds of their own, and a field whose type
//! does not convert is reported where it is written.

use super::validate::{Getter, Resolved, Shape};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Lifetime, LifetimeParam};

const P: &str = "::abide::__private::derive";

fn helpers() -> TokenStream {
    P.parse().expect("path")
}

/// The helpers' path spanned at a field's type, so that a type that does not convert is
/// reported there (the error of a call's bound points at the called path).
fn helpers_at(ty: &syn::Type) -> TokenStream {
    let span = ty.span();
    quote_spanned!(span=> ::abide::__private::derive)
}

/// The impl's generics: the type's, with `'py` (unless it has one) and the extra
/// lifetimes in front, and `bounds` added to its where clause.
fn generics(
    input: &syn::DeriveInput,
    extra: &[&str],
    bounds: Vec<TokenStream>,
) -> (TokenStream, TokenStream, TokenStream) {
    let mut g = input.generics.clone();
    for name in extra.iter().rev() {
        if g.lifetimes().any(|l| l.lifetime.ident == name[1..]) {
            continue;
        }
        let lt = Lifetime::new(name, Span::call_site());
        g.params
            .insert(0, syn::GenericParam::Lifetime(LifetimeParam::new(lt)));
    }
    let (impl_generics, _, _) = g.split_for_impl();
    let (_, ty_generics, where_clause) = input.generics.split_for_impl();
    let existing = where_clause.map(|w| {
        let p = &w.predicates;
        quote!(#p,)
    });
    (
        quote!(#impl_generics),
        quote!(#ty_generics),
        quote!(where #existing #(#bounds,)*),
    )
}

pub fn from_pyobject(input: &syn::DeriveInput, items: &[Resolved]) -> TokenStream {
    let d = helpers();
    // Each field type that mentions the type's generics, and whether some field of that
    // type is read from an attribute or item (owned: it must extract from any borrow).
    let mut typed: Vec<(String, syn::Type, bool)> = Vec::new();
    let mut add = |ty: &syn::Type, owned: bool| {
        if !mentions_generics(ty, &input.generics) {
            return;
        }
        let key = quote!(#ty).to_string();
        match typed.iter_mut().find(|(k, ..)| *k == key) {
            Some(entry) => entry.2 |= owned,
            None => typed.push((key, ty.clone(), owned)),
        }
    };
    for item in items {
        match &item.shape {
            Shape::Named(fields) => {
                for f in fields.iter().filter(|f| f.from_py_with.is_none()) {
                    add(&f.ty, true);
                }
            }
            Shape::Tuple(fields) => {
                for f in fields.iter().filter(|f| f.from_py_with.is_none()) {
                    add(&f.ty, false);
                }
            }
            Shape::Newtype(n) if n.from_py_with.is_none() => add(&n.ty, false),
            Shape::Newtype(_) => {}
        }
    }
    let bounds = typed
        .iter()
        .map(|(_, ty, owned)| {
            if *owned {
                quote_spanned!(ty.span()=> #ty: for<'__b> ::abide::FromPyObject<'__b, 'py>)
            } else {
                quote_spanned!(ty.span()=> #ty: ::abide::FromPyObject<'__a, 'py>)
            }
        })
        .collect();
    let body = match &input.data {
        syn::Data::Enum(_) => {
            let enum_name = input.ident.to_string();
            let names: Vec<String> = items.iter().map(|i| i.ident.to_string()).collect();
            let annotations: Vec<&String> = items.iter().map(|i| &i.annotation).collect();
            let tries = items.iter().map(|item| {
                let body = extract_body(item);
                quote! {
                    match (|| -> ::abide::PyResult<Self> { #body })() {
                        ::core::result::Result::Ok(value) => return ::core::result::Result::Ok(value),
                        ::core::result::Result::Err(err) => errors.push(err),
                    }
                }
            });
            quote! {
                let mut errors = ::std::vec::Vec::new();
                #(#tries)*
                ::core::result::Result::Err(#d::enum_error(
                    obj.py(),
                    #enum_name,
                    &[#(#names),*],
                    &[#(#annotations),*],
                    errors,
                ))
            }
        }
        _ => extract_body(&items[0]),
    };
    let ident = &input.ident;
    let input_type = input_type(input, items);
    let (impl_generics, ty_generics, where_clause) = generics(input, &["'__a", "'py"], bounds);
    quote! {
        #[automatically_derived]
        impl #impl_generics ::abide::FromPyObject<'__a, 'py> for #ident #ty_generics
        #where_clause
        {
            #input_type

            fn extract(obj: ::abide::Borrowed<'__a, 'py>) -> ::abide::PyResult<Self> {
                #body
            }
        }
    }
}

/// `const INPUT_TYPE` for the stub, where the shape tells: a newtype accepts what its field
/// does; an enum whose variants each say (a newtype, or an `annotation`) accepts their
/// union. Attributes and items would need a `Protocol`: those stay `Any`.
fn input_type(input: &syn::DeriveInput, items: &[Resolved]) -> TokenStream {
    let variant_type = |item: &Resolved, lifetimes: TokenStream| match &item.shape {
        _ if item.variant && item.ident != item.annotation => {
            let annotation = &item.annotation;
            Some(quote!(#annotation))
        }
        Shape::Newtype(n) if n.from_py_with.is_none() => {
            let ty = &n.ty;
            Some(quote!(<#ty as ::abide::FromPyObject<#lifetimes>>::INPUT_TYPE))
        }
        _ => None,
    };
    match &input.data {
        syn::Data::Enum(_) => {
            // The union is joined in constant evaluation, which cannot name the enum's
            // generic parameters: a generic enum stays `Any`.
            if !input.generics.params.is_empty() {
                return quote!();
            }
            let Some(types) = items
                .iter()
                .map(|item| variant_type(item, quote!('static, 'static)))
                .collect::<Option<Vec<_>>>()
            else {
                return quote!();
            };
            let mut union = crate::text::Text::new("");
            for (i, ty) in types.into_iter().enumerate() {
                if i > 0 {
                    union.text(" | ");
                }
                union.expr(ty);
            }
            let union = union.str_expr();
            quote!(const INPUT_TYPE: &'static str = #union;)
        }
        _ => match variant_type(&items[0], quote!('__a, 'py)) {
            Some(ty) => quote!(const INPUT_TYPE: &'static str = #ty;),
            None => quote!(),
        },
    }
}

/// The body that extracts one struct or variant from `obj`, returning `PyResult<Self>`.
fn extract_body(item: &Resolved) -> TokenStream {
    let d = helpers();
    let owner = &item.owner;
    let ctor = constructor(item);
    match &item.shape {
        Shape::Newtype(n) => {
            let super::validate::Newtype {
                member,
                ty,
                from_py_with,
            } = &**n;
            let field = member_name(member);
            let value = match from_py_with {
                None => {
                    let d = helpers_at(ty);
                    quote_spanned!(ty.span()=> #d::extract_inner(obj, #owner, #field)?)
                }
                Some(f) => quote!(#d::field_result(obj.py(), #f(&obj.to_owned()), #owner, #field)?),
            };
            quote!(::core::result::Result::Ok(#ctor { #member: #value }))
        }
        Shape::Tuple(fields) => {
            let len = fields.len();
            let values = fields.iter().enumerate().map(|(i, f)| {
                let member = syn::Member::Unnamed(syn::Index::from(i));
                let name = i.to_string();
                let value = match &f.from_py_with {
                    None => {
                        let ty = &f.ty;
                        let d = helpers_at(ty);
                        quote_spanned!(ty.span()=> #d::extract_item(&items, #i, #owner)?)
                    }
                    Some(p) => quote!(
                        #d::field_result(obj.py(), #p(&items.get(#i).to_owned()), #owner, #name)?
                    ),
                };
                quote!(#member: #value)
            });
            quote! {
                let items = #d::TupleItems::new(obj, #len)?;
                ::core::result::Result::Ok(#ctor { #(#values),* })
            }
        }
        Shape::Named(fields) => {
            let values = fields.iter().map(|f| {
                let ident = &f.ident;
                let name = syn::ext::IdentExt::unraw(ident).to_string();
                let get = match &f.getter {
                    Getter::Attr(attr) => quote!(#d::getattr(obj, #attr)),
                    Getter::Item(key) => quote!(#d::get_item(obj, #key)),
                };
                let convert = match &f.from_py_with {
                    None => {
                        let ty = &f.ty;
                        let d = helpers_at(ty);
                        quote_spanned!(ty.span()=> #d::extract_field(&value, #owner, #name)?)
                    }
                    Some(p) => quote!(#d::field_result(obj.py(), #p(&value), #owner, #name)?),
                };
                let value = match &f.default {
                    None => quote!({ let value = #get?; #convert }),
                    Some(default) => {
                        let default = match default {
                            Some(expr) => quote!(#expr),
                            None => quote!(::core::default::Default::default()),
                        };
                        quote! {
                            match #get {
                                ::core::result::Result::Ok(value) => #convert,
                                ::core::result::Result::Err(_) => #default,
                            }
                        }
                    }
                };
                quote!(#ident: #value)
            });
            quote!(::core::result::Result::Ok(#ctor { #(#values),* }))
        }
    }
}

/// `Self` for a struct, `Self::Variant` for a variant.
fn constructor(item: &Resolved) -> TokenStream {
    let ident = &item.ident;
    if item.variant {
        quote!(Self::#ident)
    } else {
        quote!(Self)
    }
}

/// A field's name in messages: `bar`, or `0`.
fn member_name(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(i) => syn::ext::IdentExt::unraw(i).to_string(),
        syn::Member::Unnamed(i) => i.index.to_string(),
    }
}

pub fn into_pyobject(input: &syn::DeriveInput, items: &[Resolved]) -> TokenStream {
    let d = helpers();
    let mut bounds = Vec::new();
    let mut arms = Vec::new();
    for item in items {
        let ctor = constructor(item);
        let arm = match &item.shape {
            Shape::Newtype(n) => {
                let (member, ty) = (&n.member, &n.ty);
                bounds.push((
                    ty.clone(),
                    quote_spanned!(ty.span()=> #ty: ::abide::IntoPyObject<'py>),
                ));
                let convert = quote_spanned!(ty.span()=> <#ty as ::abide::IntoPyObject<'py>>::into_pyobject(value, py));
                quote! {
                    #ctor { #member: value } => #convert,
                }
            }
            Shape::Tuple(fields) => {
                let vars: Vec<syn::Ident> = (0..fields.len())
                    .map(|i| quote::format_ident!("field{i}"))
                    .collect();
                let members = (0..fields.len()).map(|i| syn::Member::Unnamed(syn::Index::from(i)));
                let mut converts = Vec::new();
                for (f, var) in fields.iter().zip(&vars) {
                    let ty = &f.ty;
                    bounds.push((
                        ty.clone(),
                        quote_spanned!(ty.span()=> #ty: ::abide::IntoPyObject<'py>),
                    ));
                    converts.push(
                        quote_spanned!(ty.span()=> <#ty as ::abide::IntoPyObject<'py>>::into_pyobject(#var, py)?),
                    );
                }
                quote! {
                    #ctor { #(#members: #vars),* } => #d::new_tuple(py, [#(#converts),*]),
                }
            }
            Shape::Named(fields) => {
                let vars: Vec<syn::Ident> = (0..fields.len())
                    .map(|i| quote::format_ident!("field{i}"))
                    .collect();
                let members = fields.iter().map(|f| &f.ident);
                let sets = fields.iter().zip(&vars).map(|(f, var)| {
                    let ty = &f.ty;
                    bounds.push((ty.clone(), quote_spanned!(ty.span()=> #ty: ::abide::IntoPyObject<'py>)));
                    let key = match &f.getter {
                        Getter::Item(key) => key.clone(),
                        Getter::Attr(name) => quote!(#name),
                    };
                    let convert =
                        quote_spanned!(ty.span()=> <#ty as ::abide::IntoPyObject<'py>>::into_pyobject(#var, py)?);
                    quote!(dict.set(#key, #convert)?;)
                });
                quote! {
                    #ctor { #(#members: #vars),* } => {
                        let dict = #d::new_dict(py)?;
                        #(#sets)*
                        ::core::result::Result::Ok(dict.into_any())
                    }
                }
            }
        };
        arms.push(arm);
    }
    let ident = &input.ident;
    let mut seen = Vec::new();
    let bounds = bounds
        .into_iter()
        .filter(|(ty, _)| mentions_generics(ty, &input.generics))
        .filter(|(ty, _)| {
            let key = quote!(#ty).to_string();
            let new = !seen.contains(&key);
            seen.push(key);
            new
        })
        .map(|(_, bound)| bound)
        .collect();
    // What a struct gives, for the stub: a newtype its field's type, named fields a dict.
    let output_type = match (&input.data, items.first().map(|i| &i.shape)) {
        (syn::Data::Struct(_), Some(Shape::Newtype(n))) => {
            let ty = &n.ty;
            quote!(const OUTPUT_TYPE: &'static str = <#ty as ::abide::IntoPyObject<'py>>::OUTPUT_TYPE;)
        }
        (syn::Data::Struct(_), Some(Shape::Named(_))) => {
            quote!(
                const OUTPUT_TYPE: &'static str = "dict[str, typing.Any]";
            )
        }
        _ => quote!(),
    };
    let (impl_generics, ty_generics, where_clause) = generics(input, &["'py"], bounds);
    quote! {
        #[automatically_derived]
        impl #impl_generics ::abide::IntoPyObject<'py> for #ident #ty_generics
        #where_clause
        {
            #output_type

            fn into_pyobject(self, py: ::abide::Python<'py>) -> ::abide::PyResult<::abide::Object<'py>> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// Whether `ty` names one of the type's generic parameters or lifetimes: only those need
/// a bound (a bound on a concrete type that holds twice over, as `T: FromPyObject<'a>`
/// and `T: for<'b> FromPyObject<'b>`, would make the compiler's choice ambiguous).
fn mentions_generics(ty: &syn::Type, generics: &syn::Generics) -> bool {
    fn walk(tokens: TokenStream, names: &[String], lifetimes: &[String]) -> bool {
        let mut after_quote = false;
        for tt in tokens {
            match tt {
                proc_macro2::TokenTree::Group(g) => {
                    if walk(g.stream(), names, lifetimes) {
                        return true;
                    }
                    after_quote = false;
                }
                proc_macro2::TokenTree::Ident(i) => {
                    let i = i.to_string();
                    if (after_quote && lifetimes.contains(&i))
                        || (!after_quote && names.contains(&i))
                    {
                        return true;
                    }
                    after_quote = false;
                }
                proc_macro2::TokenTree::Punct(p) => after_quote = p.as_char() == '\'',
                proc_macro2::TokenTree::Literal(_) => after_quote = false,
            }
        }
        false
    }
    let names: Vec<String> = generics
        .type_params()
        .map(|p| p.ident.to_string())
        .collect();
    let lifetimes: Vec<String> = generics
        .lifetimes()
        .map(|l| l.lifetime.ident.to_string())
        .collect();
    walk(quote!(#ty), &names, &lifetimes)
}
