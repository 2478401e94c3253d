//! Expansion of `#[pyclass]`.

use super::parse::{Field, Options};
use crate::docs;
use crate::span::UserSpan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::ItemStruct;
use syn::spanned::Spanned;

pub fn expand(
    strukt: &ItemStruct,
    options: &Options,
    fields: &[Field],
    members: &[(syn::Member, syn::Type)],
) -> TokenStream {
    let ty = &strukt.ident;
    class(Class {
        item: quote!(#strukt),
        ty,
        attrs: &strukt.attrs,
        options,
        fields,
        // `Self { x: __field, .. }` names one field, for a named or a tuple struct alike.
        members: members
            .iter()
            .map(|(member, field_ty)| (quote!(#ty { #member: __field, .. }), field_ty.clone()))
            .collect(),
        gc: false,
        class_impl: quote!(),
        nested: Vec::new(),
        class_attrs: Vec::new(),
        stub_items: Vec::new(),
    })
}

/// What [`class`] makes a class of.
pub struct Class<'a> {
    /// The item itself (a struct or an enum), emitted as given.
    pub item: TokenStream,
    pub ty: &'a syn::Ident,
    pub attrs: &'a [syn::Attribute],
    pub options: &'a Options,
    /// The fields that may have properties.
    pub fields: &'a [Field],
    /// Every place in the value that may hold a reference, for the collector: a pattern
    /// that binds it as `__field` (refutable for an enum's variant), and its type.
    pub members: Vec<(TokenStream, syn::Type)>,
    /// Instances are garbage-collected even without `Py` fields: a fieldless enum's
    /// variants live in its class's dict, a cycle (class -> variant -> class) only the
    /// collector can break.
    pub gc: bool,
    /// More items of the `PyClass` impl.
    pub class_impl: TokenStream,
    /// `NestedClass` entries: classes created with this one (a data enum's variants).
    pub nested: Vec<TokenStream>,
    /// `ClassAttrEntry`s, and more items of the type stub.
    pub class_attrs: Vec<TokenStream>,
    pub stub_items: Vec<TokenStream>,
}

/// The item (a struct or an enum) followed by its `PyClass` impl, its field properties,
/// its derived special methods and its conversion.
pub fn class(c: Class<'_>) -> TokenStream {
    let Class {
        item,
        ty,
        attrs,
        options,
        fields,
        members,
        gc,
        class_impl,
        nested,
        class_attrs,
        stub_items: extra_stub_items,
    } = c;
    let name = options
        .name
        .as_ref()
        .map_or_else(|| ty.to_string(), |n| n.value());
    let module = match &options.module {
        Some(m) => quote!(::core::option::Option::Some(#m)),
        None => quote!(::core::option::Option::None),
    };
    let doc = docs::collect(attrs).to_text().str_expr();
    let subclass = options.subclass;
    let frozen = options.frozen;
    let (dict, weakref) = (options.dict, options.weakref);
    // The class is collected when a field can hold a reference, which its type says
    // (`Traverse`, through `Probe` so that other types count as holding none).
    let holds = members
        .iter()
        .map(|(_, ty)| quote!(<::abide::__private::param::Probe<#ty>>::HOLDS_REFERENCES));
    let base = match &options.extends {
        Some(path) => quote!(#path),
        None => quote!(::abide::PyAny),
    };
    // A `__dict__` can hold anything, and a built-in base's references must be visited
    // along with the type's.
    // (Through `Probe`, so that a base that is not one is reported once, at the impl.)
    let gc = quote!(
        #gc || #dict || <::abide::__private::param::Probe<#base>>::NATIVE_BASE #(|| #holds)*
    );
    // GC slots for fields that hold references (a `__traverse__` in #[pymethods] adds
    // them too).
    let gc_slot = |slot: &'static str, func: &str| {
        let func = format_ident!("{}", func);
        crate::pymethods::specials::slot(slot)
            .entry(quote!(::abide::__private::class::#func::<#ty> as *mut ::core::ffi::c_void))
    };
    let (traverse_slot, clear_slot) = (
        gc_slot("Py_tp_traverse", "traverse_slot"),
        gc_slot("Py_tp_clear", "clear_slot"),
    );
    let gc_slots = quote! {
        if __ABIDE_GC { &[#traverse_slot, #clear_slot] } else { &[] }
    };
    // CPython refuses a base class without `Py_TPFLAGS_BASETYPE` when the module is
    // imported; say so at compile time instead.
    let base_check = match &options.extends {
        Some(path) => {
            let msg = format!(
                "`{}` cannot be extended: add `subclass` to its #[pyclass(...)]",
                quote!(#path).to_string().replace(' ', "")
            );
            // Through `Probe`, so that a base that is not a #[pyclass] at all is reported
            // once, by `PyClassBase` at `type Base`, not here as well.
            quote_spanned! {path.span()=>
                const _: () = ::core::assert!(
                    <::abide::__private::param::Probe<#path>>::EXTENDABLE,
                    #msg
                );
            }
        }
        None => quote!(),
    };
    let traverse = members.iter().map(|(pattern, ty)| {
        quote! {
            if let #pattern = self {
                <::abide::__private::param::Probe<#ty>>::traverse(__field, visit)?;
            }
        }
    });
    let getsets = fields
        .iter()
        .filter(|f| f.get || f.set)
        .map(|f| field_getset(ty, f));
    let stub_items = fields
        .iter()
        .flat_map(|f| field_stub(ty, f))
        .chain(extra_stub_items);
    let names = fields.iter().flat_map(field_names);
    // A class built on another needs its base's value too, so only a class based on
    // `object` converts from its Rust value alone.
    let into_object = if options.extends.is_none() {
        quote! {
            impl<'py> ::abide::IntoPyObject<'py> for #ty {
                fn into_pyobject(self, py: ::abide::Python<'py>) -> ::abide::PyResult<::abide::Object<'py>> {
                    ::abide::Py::new(py, self).map(|obj| obj.into_bound(py))
                }
            }
        }
    } else {
        quote!()
    };
    // Only a class that is not frozen has the borrow flag `&mut self` needs.
    let mutable = if frozen {
        quote!()
    } else {
        quote! {
            // SAFETY: `FROZEN` is false.
            unsafe impl ::abide::__private::class::Mutable for #ty {}
        }
    };
    let span = ty.span();
    let impl_tokens = quote_spanned! {span=>
        unsafe impl ::abide::PyClass for #ty {
            const NAME: &'static str = #name;
            const MODULE: ::core::option::Option<&'static str> = #module;
            const DOC: &'static str = #doc;
            const SUBCLASS: bool = #subclass;
            const FROZEN: bool = #frozen;
            const DICT: bool = #dict;
            const WEAKREF: bool = #weakref;
            const GC: bool = __ABIDE_GC;
            type Base = #base;

            #[inline(always)]
            fn token() -> *const ::core::ffi::c_void {
                (&raw const __ABIDE_CLASS_DATA).cast()
            }
            fn class_data() -> &'static ::abide::__private::class::ClassData {
                &__ABIDE_CLASS_DATA
            }
            fn field_items() -> &'static ::abide::__private::class::ClassItems {
                &__ABIDE_FIELD_ITEMS
            }
            #[allow(unused_variables, irrefutable_let_patterns)]
            fn traverse_fields(
                &self,
                visit: &::abide::class::PyVisit<'_>,
            ) -> ::core::result::Result<(), ::abide::class::PyTraverseError> {
                #(#traverse)*
                ::core::result::Result::Ok(())
            }
            #class_impl
        }
    };

    let derived = derived_methods(ty, &options.derive);

    quote! {
        #item
        #derived

        const _: () = {
            #[allow(unused_imports)]
            use ::abide::__private::param::NotTraverse as _;
            #[allow(unused_imports)]
            use ::abide::__private::param::NotABase as _;
            // Outside the impl, so that an impl the compiler rejects (a class that is not
            // `Send`) is reported once, not again for this constant.
            const __ABIDE_GC: bool = #gc;
            static __ABIDE_CLASS_DATA: ::abide::__private::class::ClassData = ::abide::__private::class::ClassData::new();
            static __ABIDE_FIELD_ITEMS: ::abide::__private::class::ClassItems = ::abide::__private::class::ClassItems {
                getsets: &[#(#getsets),*],
                slots: #gc_slots,
                // A constant: the items' text may be built in constant evaluation, which
                // a static's borrowed array cannot hold.
                stub: {
                    const __ABIDE_STUB: ::abide::__private::class::ClassStub = ::abide::__private::class::ClassStub::new(
                        &[#(#stub_items),*], ::core::file!(), ::core::line!(),
                    );
                    __ABIDE_STUB
                },
                names: &[#(#names),*],
                nested: &[#(#nested),*],
                class_attrs: &[#(#class_attrs),*],
                ..::abide::__private::class::ClassItems::EMPTY
            };

            #impl_tokens
            #base_check
            #mutable
            #into_object
        };
    }
}

/// The `DefinedName`s of a field's property (its getter and setter), placed at the field.
fn field_names(f: &Field) -> Vec<TokenStream> {
    let name = &f.python_name;
    let at =
        quote_spanned!(f.ident.span()=> ::core::concat!(::core::file!(), ":", ::core::line!()));
    [(f.get, quote!(Getter)), (f.set, quote!(Setter))]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, kind)| {
            quote! {
                ::abide::__private::class::DefinedName {
                    name: #name,
                    kind: ::abide::__private::class::NameKind::#kind,
                    at: #at,
                }
            }
        })
        .collect()
}

/// The stub items of one field's property: a getter (if any; a setter alone still needs
/// one in a stub) and a setter.
fn field_stub(ty: &syn::Ident, f: &Field) -> Vec<TokenStream> {
    use crate::stub::{Pos, annotation, getter, setter};
    let class = ty.to_string();
    let mut out = Vec::new();
    if f.get || f.set {
        let read = annotation(&f.ty, Pos::Result, Some(&class));
        out.push(getter(&f.python_name, &read, &f.doc).tokens());
    }
    if f.set {
        let write = annotation(&f.ty, Pos::Param, Some(&class));
        out.push(setter(&f.python_name, "value", &write, "").tokens());
    }
    out
}

/// The getter/setter pair of one field.
fn field_getset(ty: &syn::Ident, f: &Field) -> TokenStream {
    let ident = &f.ident;
    let name = docs::c_bytes(&f.python_name);
    let field_ty = &f.ty;
    let get = if f.get {
        let span = UserSpan::of(field_ty);
        let getter = if f.variant.is_some() {
            quote!(::abide::__private::class::VariantFieldGet::get_field)
        } else {
            quote!(::abide::__private::class::FieldGet::get_field)
        };
        let read = |field: TokenStream| span.call(getter.clone(), quote!(#field, py));
        match &f.variant {
            None => {
                let read = read(span.value(quote!(&__value.#ident)));
                quote! {
                    ::core::option::Option::Some(::abide::__private::convention::getter(|py, slf| {
                        // SAFETY: CPython calls getters with an instance of the class.
                        let __cell = unsafe { ::abide::__private::class::cell_of_instance::<#ty>(slf) };
                        let __value = ::abide::__private::class::Shared::new(__cell)?;
                        #read.map(::abide::Object::into_ptr)
                    }))
                }
            }
            // A variant class's property reads the enum's value, which the variant class
            // extends.
            Some((enum_ty, pattern)) => {
                let read = read(span.value(quote!(__field)));
                quote! {
                    ::core::option::Option::Some(::abide::__private::convention::getter(|py, slf| {
                        // SAFETY: CPython calls getters with an instance of the variant
                        // class, a subclass of the enum's.
                        let __cell = unsafe { ::abide::__private::class::cell_of_instance::<#enum_ty>(slf) };
                        let __value = ::abide::__private::class::Shared::new(__cell)?;
                        match &*__value {
                            #pattern => #read.map(::abide::Object::into_ptr),
                            // SAFETY: the receiver of the getter.
                            _ => ::core::result::Result::Err(unsafe { ::abide::__private::class::wrong_variant(py, slf) }),
                        }
                    }))
                }
            }
        }
    } else {
        quote!(::core::option::Option::None)
    };
    let set = if f.set {
        let py_name = &f.python_name;
        let extract = UserSpan::of(field_ty).call(
            quote!(<#field_ty as ::abide::FromPyObject<'_, '_>>::extract),
            quote!(__value),
        );
        quote! {
            ::core::option::Option::Some(::abide::__private::convention::setter(|py, slf, value| {
                let ::core::option::Option::Some(__value) = value else {
                    return ::core::result::Result::Err(::abide::exceptions::PyAttributeError::new_err(
                        ::core::concat!("cannot delete attribute '", #py_name, "'"),
                    ));
                };
                let __new = match #extract {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(__err) => {
                        return ::core::result::Result::Err(::abide::__private::args::reword(
                            py,
                            ::core::format_args!(
                                "attribute '{}' of '{}' objects",
                                #py_name,
                                <#ty as ::abide::PyClass>::NAME,
                            ),
                            __err,
                        ));
                    }
                };
                // SAFETY: CPython calls setters with an instance of the class.
                let __cell = unsafe { ::abide::__private::class::cell_of_instance::<#ty>(slf) };
                let mut __this = ::abide::__private::class::Exclusive::new(__cell)?;
                __this.#ident = __new;
                ::core::result::Result::Ok(())
            }))
        }
    } else {
        quote!(::core::option::Option::None)
    };
    let doc = f.doc.c_bytes_expr();
    quote! {
        ::abide::__private::class::GetSetEntry {
            name: ::abide::__private::cstr(#name),
            doc: ::abide::__private::cstr(#doc),
            get: #get,
            set: #set,
        }
    }
}

/// A `#[pymethods]` block with the special methods the `eq`, `ord`, `hash` and `str`
/// options derive from `PartialEq`, `PartialOrd`, `Hash` and `Display`. Each call is
/// spanned at its option, so a missing trait is reported there.
fn derived_methods(ty: &syn::Ident, d: &super::parse::Derived) -> TokenStream {
    if !d.any() {
        return quote!();
    }
    let mut methods = Vec::new();
    if let Some(eq) = &d.eq {
        let span = eq.span();
        methods.push(quote_spanned! {span=>
            fn __eq__(&self, other: &Self) -> bool {
                <Self as ::core::cmp::PartialEq>::eq(self, other)
            }
        });
    }
    if let Some(ord) = &d.ord {
        let span = ord.span();
        for (name, method) in [
            ("__lt__", "lt"),
            ("__le__", "le"),
            ("__gt__", "gt"),
            ("__ge__", "ge"),
        ] {
            let name = format_ident!("{}", name, span = span);
            let method = format_ident!("{}", method, span = span);
            methods.push(quote_spanned! {span=>
                fn #name(&self, other: &Self) -> bool {
                    <Self as ::core::cmp::PartialOrd>::#method(self, other)
                }
            });
        }
    }
    if let Some(hash) = &d.hash {
        let span = hash.span();
        methods.push(quote_spanned! {span=>
            fn __hash__(&self) -> u64 {
                let mut hasher = ::std::hash::DefaultHasher::new();
                <Self as ::core::hash::Hash>::hash(self, &mut hasher);
                ::core::hash::Hasher::finish(&hasher)
            }
        });
    }
    if let Some(str_) = &d.str {
        let span = str_.span();
        methods.push(quote_spanned! {span=>
            fn __str__(&self) -> ::std::string::String {
                <Self as ::std::string::ToString>::to_string(self)
            }
        });
    }
    quote! {
        #[::abide::pymethods]
        impl #ty {
            #(#methods)*
        }
    }
}
