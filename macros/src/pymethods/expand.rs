//! Expansion of `#[pymethods]`: the block unchanged, and the static `ClassItems` that
//! lists its methods, properties and slots. Each entry holds the body of the function
//! CPython calls, which a calling convention of the runtime (`abide::__private::convention`)
//! makes into that function.

use super::consts::ClassConst;
use super::parse::{Kind, Method, Receiver};
use super::special;
use super::specials;
use crate::callable::expand::{fastcall_args, fastcall_args_named, text_signature};
use crate::callable::ret::Output;
use crate::docs;
use crate::span::UserSpan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// What the methods of one block contribute to its `ClassItems`.
#[derive(Default)]
pub struct Items {
    /// Associated constants of the class holding the slot functions of special methods
    /// (one function may fill several slots: `__len__`).
    pub slot_functions: Vec<TokenStream>,
    pub methods: Vec<TokenStream>,
    pub getsets: Vec<TokenStream>,
    pub deleters: Vec<TokenStream>,
    pub slots: Vec<TokenStream>,
    pub binary: Vec<TokenStream>,
    pub compare: Vec<TokenStream>,
    pub setitem: Option<TokenStream>,
    pub delitem: Option<TokenStream>,
    pub setattr: Option<TokenStream>,
    pub delattr: Option<TokenStream>,
    pub class_attrs: Vec<TokenStream>,
    pub new_text_signature: Option<TokenStream>,
    pub traverse: Option<TokenStream>,
    pub clear: Option<TokenStream>,
    /// The block defines `__hash__`.
    pub hash: bool,
}

/// `registered`: submit the table through `inventory` (for abide's own classes, which
/// list theirs in the runtime, it is the associated const `__ABIDE_ITEMS`).
pub fn expand(
    block: &syn::ItemImpl,
    methods: &[Method],
    consts: &[ClassConst],
    registered: bool,
) -> TokenStream {
    let self_ty = &block.self_ty;
    // The table is an associated const (so it may name `Self::...`); its name must differ
    // between the blocks of one class, and method and constant names already do.
    let first = methods.first().map(|m| &m.ident);
    let items_const = match first.or(consts.first().map(|c| &c.ident)) {
        _ if !registered => format_ident!("__ABIDE_ITEMS"),
        Some(ident) => format_ident!("__ABIDE_ITEMS_{}", ident),
        None => format_ident!("__ABIDE_ITEMS_EMPTY"),
    };
    let mut items = Items::default();
    let class_name = match &**self_ty {
        syn::Type::Path(p) => Some(crate::stub::path_text(&p.path)),
        _ => None,
    };
    let stub_items = methods
        .iter()
        .flat_map(|m| super::stub::items(m, class_name.as_deref()))
        .chain(consts.iter().map(|c| c.stub(class_name.as_deref())))
        .map(|item| item.tokens());
    for m in methods {
        match &m.kind {
            Kind::Method | Kind::Static | Kind::Class => method(&mut items, m),
            Kind::New => constructor(&mut items, m, self_ty),
            Kind::Getter(name) => getter(&mut items, m, name),
            Kind::Setter(name) => setter(&mut items, m, name),
            Kind::Deleter(name) => deleter(&mut items, m, name),
            Kind::ClassAttr(name) => class_attr(&mut items, m, name),
            Kind::Special(s) => special::expand(&mut items, m, s, self_ty),
        }
    }
    for c in consts {
        items.class_attrs.push(c.entry());
    }
    dispatcher_slots(&mut items);
    let names = methods
        .iter()
        .map(defined_name)
        .chain(consts.iter().map(ClassConst::defined_name));
    let Items {
        slot_functions,
        methods,
        getsets,
        deleters,
        slots,
        binary,
        compare,
        setitem,
        delitem,
        setattr,
        delattr,
        class_attrs,
        new_text_signature,
        traverse,
        clear,
        hash: _,
    } = items;
    let opt = |t: Option<TokenStream>| match t {
        Some(t) => quote!(::core::option::Option::Some(#t)),
        None => quote!(::core::option::Option::None),
    };
    let (setitem, delitem, traverse, clear) =
        (opt(setitem), opt(delitem), opt(traverse), opt(clear));
    let (setattr, delattr) = (opt(setattr), opt(delattr));
    let new_sig = opt(new_text_signature);
    let (registration, items_vis) = if registered {
        (registration(self_ty, &items_const), quote!())
    } else {
        (quote!(), quote!(pub(crate)))
    };
    quote! {
        #block

        #[doc(hidden)]
        #[allow(non_snake_case, non_upper_case_globals, clippy::all)]
        impl #self_ty {
            #(#slot_functions)*

            #items_vis const #items_const: ::abide::__private::class::ClassItems = ::abide::__private::class::ClassItems {
                methods: &[#(#methods),*],
                getsets: &[#(#getsets),*],
                deleters: &[#(#deleters),*],
                slots: &[#(#slots),*],
                binary: &[#(#binary),*],
                compare: &[#(#compare),*],
                setitem: #setitem,
                delitem: #delitem,
                setattr: #setattr,
                delattr: #delattr,
                class_attrs: &[#(#class_attrs),*],
                new_text_signature: #new_sig,
                traverse: #traverse,
                clear: #clear,
                stub: ::abide::__private::class::ClassStub::new(
                    &[#(#stub_items),*], ::core::file!(), ::core::line!(),
                ),
                names: &[#(#names),*],
                ..::abide::__private::class::ClassItems::EMPTY
            };
        }

        #registration
    }
}

/// The `inventory` entry of a block's table.
fn registration(self_ty: &syn::Type, items_const: &syn::Ident) -> TokenStream {
    quote! {
        const _: () = {
            static __ABIDE_ITEMS: ::abide::__private::class::ClassItems = <#self_ty>::#items_const;
            ::abide::__private::inventory::submit! {
                ::abide::__private::class::ClassItemsEntry {
                    class: <#self_ty as ::abide::PyClass>::token,
                    items: &__ABIDE_ITEMS,
                }
            }
        };
    }
}

/// The `DefinedName` of a method: its Python name and kind, and the `file:line` of its
/// Rust name (the span makes `line!()` report the method, not the attribute).
fn defined_name(m: &Method) -> TokenStream {
    let (name, kind) = match &m.kind {
        Kind::Getter(n) => (n.as_str(), quote!(Getter)),
        Kind::Setter(n) => (n.as_str(), quote!(Setter)),
        Kind::Deleter(n) => (n.as_str(), quote!(Deleter)),
        Kind::ClassAttr(n) => (n.as_str(), quote!(Attribute)),
        Kind::New => ("__new__", quote!(Attribute)),
        Kind::Method | Kind::Static | Kind::Class | Kind::Special(_) => {
            (m.callable.python_name.as_str(), quote!(Attribute))
        }
    };
    name_entry(name, kind, &m.ident)
}

/// A `DefinedName` placed at `ident`.
pub(super) fn name_entry(name: &str, kind: TokenStream, ident: &syn::Ident) -> TokenStream {
    let at = quote::quote_spanned!(ident.span()=> ::core::concat!(::core::file!(), ":", ::core::line!()));
    quote! {
        ::abide::__private::class::DefinedName {
            name: #name,
            kind: ::abide::__private::class::NameKind::#kind,
            at: #at,
        }
    }
}

/// Statements that bind the receiver from `slf` given a cell expression, and the
/// expression to pass as `self`.
pub fn receiver(m: &Method, cell: TokenStream) -> (TokenStream, TokenStream) {
    match &m.receiver {
        Receiver::None => (quote!(), quote!()),
        Receiver::Ref => (
            quote! {
                let __cell = #cell;
                let __guard = ::abide::__private::class::Shared::<Self>::new(__cell)?;
            },
            quote!(&*__guard,),
        ),
        Receiver::Mut => {
            let mutable = assert_mutable(m);
            (
                quote! {
                    #mutable
                    let __cell = #cell;
                    let mut __guard = ::abide::__private::class::Exclusive::<Self>::new(__cell)?;
                },
                quote!(&mut *__guard,),
            )
        }
        Receiver::Typed(ty) => (
            {
                let ty = crate::lifetimes::elided(ty);
                quote! {
                let __slf: #ty = ::abide::FromPyObject::extract(unsafe { ::abide::Borrowed::from_ptr(py, slf) })?;
                }
            },
            quote!(__slf,),
        ),
    }
}

/// The checks that a `&mut self` method's class is not frozen. `Mutable` reports a frozen
/// class at `&mut self`; the assertion is what makes `&mut` sound even if the hidden
/// trait were implemented by hand.
fn assert_mutable(m: &Method) -> TokenStream {
    let span = UserSpan::of(&m.self_arg);
    let mutable = span.call(
        quote!(::abide::__private::class::assert_mutable),
        span.value(quote!(::core::marker::PhantomData::<Self>)),
    );
    let msg = format!(
        "`{}` takes `&mut self`, but the class is #[pyclass(frozen)]",
        m.ident
    );
    quote! {
        #mutable;
        const { ::core::assert!(!<Self as ::abide::PyClass>::FROZEN, #msg) };
    }
}

/// `IntoReturn::into_return`: what a method's value becomes for Python.
pub const INTO_RETURN: &str = "::abide::__private::ret::IntoReturn::into_return";

/// Calls the method (`Self::name(self, args...)`) and converts what it returns with
/// `convert` (a path; `extra` are its arguments after the value), spanned at the return
/// type; see [`Output::convert`].
pub fn call(
    m: &Method,
    pass: &TokenStream,
    args: &[TokenStream],
    convert: &str,
    extra: TokenStream,
) -> TokenStream {
    let ident = &m.ident;
    let convert: TokenStream = convert.parse().expect("a path");
    Output::new(&m.output, ident).convert(quote!(Self::#ident(#pass #(#args),*)), convert, extra)
}

fn doc_with_signature(m: &Method, first: Option<&str>) -> TokenStream {
    let name = &m.callable.python_name;
    docs::with_text_signature(name, text_signature(&m.callable, first), &m.doc).c_bytes_expr()
}

/// Instance, static and class methods: `METH_FASTCALL | METH_KEYWORDS` (not
/// `METH_METHOD`: see `MethodEntry::method`).
fn method(items: &mut Items, m: &Method) {
    let args = fastcall_args(&m.callable);
    let (parse, call_args) = (&args.parse, &args.call_args);
    let name = docs::c_bytes(&m.callable.python_name);
    let entry = |doc: TokenStream, flags: TokenStream, convention: TokenStream| {
        quote! {
            ::abide::__private::class::MethodEntry::#flags(
                ::abide::__private::cstr(#name),
                ::abide::__private::cstr(#doc),
                ::abide::__private::convention::#convention,
            )
        }
    };
    items.methods.push(match m.kind {
        Kind::Static if m.written.sig.asyncness.is_some() => {
            let doc = doc_with_signature(m, None);
            let call = async_call(m, call_args);
            entry(
                doc,
                quote!(static_method),
                quote!(function(|py, __call| { #parse #call })),
            )
        }
        Kind::Static => {
            let doc = doc_with_signature(m, None);
            let call = call(m, &quote!(), call_args, INTO_RETURN, quote!(, py));
            entry(
                doc,
                quote!(static_method),
                quote!(function(|py, __call| { #parse #call })),
            )
        }
        Kind::Class => {
            let doc = doc_with_signature(m, Some("$type"));
            let call = call(m, &quote!(&__cls,), call_args, INTO_RETURN, quote!(, py));
            entry(
                doc,
                quote!(class_method),
                quote!(class_method(|py, slf, __call| {
                    #parse
                    // SAFETY: a class method receives the class.
                    let __cls = unsafe {
                        ::abide::types::TypeObject::from_object_unchecked(::abide::Borrowed::from_ptr(py, slf).to_owned())
                    };
                    #call
                })),
            )
        }
        _ if m.written.sig.asyncness.is_some() => {
            let doc = doc_with_signature(m, Some("$self"));
            let call = async_call(m, call_args);
            entry(
                doc,
                quote!(method),
                quote!(method(|py, slf, __call| { #parse #call })),
            )
        }
        _ => {
            let doc = doc_with_signature(m, Some("$self"));
            let (bind, pass) = receiver(
                m,
                quote!(unsafe { ::abide::__private::class::cell_of_instance::<Self>(slf) }),
            );
            let call = call(m, &pass, call_args, INTO_RETURN, quote!(, py));
            entry(
                doc,
                quote!(method),
                quote!(method(|py, slf, __call| {
                    #parse
                    #bind
                    #call
                })),
            )
        }
    });
}

/// An `async fn` method's call: the arguments converted now, the receiver taken as an
/// owned guard (`&self`, `&mut self`) that the future keeps until it ends, and the
/// future wrapped in a coroutine object that converts its output.
fn async_call(m: &Method, call_args: &[TokenStream]) -> TokenStream {
    let ident = &m.ident;
    let bound: Vec<syn::Ident> = (0..call_args.len())
        .map(|i| format_ident!("__async_arg{}", i))
        .collect();
    // The arguments in Rust order: the cancel handle, if any, among them.
    let mut names = bound.clone();
    if let Some(cancel) = &m.cancel {
        names.insert(cancel.position.min(names.len()), format_ident!("__cancel"));
    }
    let (make_handle, thrower) = crate::callable::asyncness::cancel_handle(m.cancel.as_ref());
    let future = match &m.receiver {
        Receiver::None => quote!(Self::#ident(#(#names),*)),
        Receiver::Typed(ty) => {
            let ty = crate::lifetimes::elided(ty);
            quote! {{
                let __slf: #ty = ::abide::FromPyObject::extract(unsafe { ::abide::Borrowed::from_ptr(py, slf) })?;
                Self::#ident(__slf, #(#names),*)
            }}
        }
        Receiver::Ref => quote! {{
            // SAFETY: the method's receiver, an instance of the class.
            let __guard = unsafe { ::abide::__private::class::AsyncShared::<Self>::new(py, slf) }?;
            async move { Self::#ident(&*__guard, #(#names),*).await }
        }},
        Receiver::Mut => {
            let mutable = assert_mutable(m);
            quote! {{
                #mutable
                // SAFETY: the method's receiver, an instance of the class.
                let mut __guard = unsafe { ::abide::__private::class::AsyncExclusive::<Self>::new(py, slf) }?;
                async move { Self::#ident(&mut *__guard, #(#names),*).await }
            }}
        }
    };
    let python_name = &m.callable.python_name;
    let convert: TokenStream = INTO_RETURN.parse().expect("a path");
    let convert = Output::new(&m.output, ident).convert(quote!(__output), convert, quote!(, py));
    quote! {
        #(let #bound = #call_args;)*
        #make_handle
        ::abide::__private::coroutine::new(
            py,
            #python_name,
            ::core::option::Option::Some(<Self as ::abide::PyClass>::NAME),
            #thrower,
            #future,
            |__output, py| #convert,
        )
    }
}

/// `#[new]`: `tp_new` (for `type(...)` calls through the generic path and subclasses)
/// and `tp_vectorcall` (the fast path for `Class(...)`), one body for both.
fn constructor(items: &mut Items, m: &Method, self_ty: &syn::Type) {
    let ident = &m.ident;
    // The argument spec is a static, which cannot name `Self`.
    let args = fastcall_args_named(&m.callable, quote!(<#self_ty as ::abide::PyClass>::NAME));
    let (parse, call_args) = (&args.parse, &args.call_args);
    let output = Output::new(&m.output, ident);
    // `#[new]` with `#[classmethod]`: the class being created (a subclass, for a
    // subclass's call) comes first.
    let cls = if m.new_takes_cls {
        quote! {
            // SAFETY: `subtype` is a type object, which the call keeps alive.
            &unsafe {
                ::abide::types::TypeObject::from_object_unchecked(
                    ::abide::Borrowed::from_ptr(py, subtype.cast()).to_owned(),
                )
            },
        }
    } else {
        quote!()
    };
    let call = output.unwrap(quote!(Self::#ident(#cls #(#call_args),*)));
    // `new_instance` checks (at the return type) that the value initialises `Self`.
    let span = output.value_span();
    let init = span.value(quote!(__init));
    let create = span.call(
        quote!(::abide::__private::class::new_instance::<Self, _>),
        quote!(py, subtype, #init),
    );
    items.new_text_signature = Some(text_signature(&m.callable, None).str_expr());
    // The body twice, once per entry point, so each is inlined into its own (see
    // `convention::new`).
    let body = quote! {
        |py, subtype, __call| {
            #parse
            let __init = #call;
            // SAFETY: `subtype` is this class or a subclass of it.
            unsafe { #create }.map(::abide::Object::into_ptr)
        }
    };
    for (slot, convention) in specials::CONSTRUCTOR.iter().zip(["new", "vectorcall"]) {
        let convention = format_ident!("{}", convention);
        items.slots.push(slot.entry(quote! {
            ::abide::__private::convention::#convention(#body) as *mut ::core::ffi::c_void
        }));
    }
}

/// The call arguments of a method without Python parameters: each must be the token,
/// which its type decides.
fn token_args(m: &Method) -> Vec<TokenStream> {
    m.callable
        .args
        .iter()
        .map(|a| {
            UserSpan::of(&a.ty).call(
                quote!(::abide::__private::param::OnlyToken::token),
                quote!(py),
            )
        })
        .collect()
}

fn getter(items: &mut Items, m: &Method, name: &str) {
    let (bind, pass) = receiver(
        m,
        quote!(unsafe { ::abide::__private::class::cell_of_instance::<Self>(slf) }),
    );
    let call = call(m, &pass, &token_args(m), INTO_RETURN, quote!(, py));
    let name = docs::c_bytes(name);
    let doc = m.doc.c_bytes_expr();
    items.getsets.push(quote! {
        ::abide::__private::class::GetSetEntry {
            name: ::abide::__private::cstr(#name),
            doc: ::abide::__private::cstr(#doc),
            get: ::core::option::Option::Some(::abide::__private::convention::getter(|py, slf| {
                #bind
                #call
            })),
            set: ::core::option::Option::None,
        }
    });
}

fn setter(items: &mut Items, m: &Method, name: &str) {
    let (bind, pass) = receiver(
        m,
        quote!(unsafe { ::abide::__private::class::cell_of_instance::<Self>(slf) }),
    );
    let (value_stmt, call_args) = special::operands(
        m,
        &[quote!(__value_obj)],
        &quote!(return ::core::result::Result::Err(__err)),
        special::Reword::Attribute(name),
    );
    let call = call(
        m,
        &pass,
        &call_args,
        "::abide::__private::ret::UnitReturn::into_unit",
        quote!(),
    );
    let delete_msg = format!("cannot delete attribute '{name}'");
    let name = docs::c_bytes(name);
    // The property's doc is the getter's; a setter's own `///` serves when it has none.
    let doc = m.doc.c_bytes_expr();
    items.getsets.push(quote! {
        ::abide::__private::class::GetSetEntry {
            name: ::abide::__private::cstr(#name),
            doc: ::abide::__private::cstr(#doc),
            get: ::core::option::Option::None,
            set: ::core::option::Option::Some(::abide::__private::convention::setter(|py, slf, value| {
                let ::core::option::Option::Some(__value_obj) = value else {
                    return ::core::result::Result::Err(::abide::exceptions::PyAttributeError::new_err(#delete_msg));
                };
                #value_stmt
                #bind
                #call
            })),
        }
    });
}

/// `#[deleter]`: the function the property's dispatcher calls for `del obj.name`.
fn deleter(items: &mut Items, m: &Method, name: &str) {
    let (bind, pass) = receiver(
        m,
        quote!(unsafe { ::abide::__private::class::cell_of_instance::<Self>(slf) }),
    );
    let call = call(
        m,
        &pass,
        &token_args(m),
        "::abide::__private::ret::UnitReturn::into_unit",
        quote!(),
    );
    let name = docs::c_bytes(name);
    items.deleters.push(quote! {
        ::abide::__private::class::DeleterEntry {
            name: ::abide::__private::cstr(#name),
            delete: ::abide::__private::convention::setter(|py, slf, _value| {
                #bind
                #call
            }),
        }
    });
}

fn class_attr(items: &mut Items, m: &Method, name: &str) {
    let call = call(m, &quote!(), &token_args(m), INTO_RETURN, quote!(, py));
    items.class_attrs.push(quote! {
        ::abide::__private::class::ClassAttrEntry {
            name: #name,
            value: |py| {
                let ptr = #call?;
                // SAFETY: a new reference.
                ::core::result::Result::Ok(unsafe { ::abide::Object::from_owned_ptr(py, ptr) })
            },
        }
    });
}

/// The slot functions abide supplies for what the block defines: rich comparison for
/// `__eq__`, ... and `__richcmp__`, item assignment for `__setitem__`/`__delitem__`,
/// attribute assignment for `__setattr__`/`__delattr__`, GC
/// traversal and clearing for `__traverse__`. Naming them here compiles them for the
/// classes that use them only. `__hash__` brings rich comparison too: CPython inherits
/// `tp_richcompare` only with `tp_hash`, so a subclass defining `__hash__` needs its own
/// to reach its bases' comparisons (the runtime drops it when no base compares).
fn dispatcher_slots(items: &mut Items) {
    let mut add =
        |slot: &'static str, func: &str| {
            let func = format_ident!("{}", func);
            items.slots.push(specials::slot(slot).entry(
                quote!(::abide::__private::class::#func::<Self> as *mut ::core::ffi::c_void),
            ));
        };
    if !items.compare.is_empty() || items.hash {
        add("Py_tp_richcompare", "richcompare_slot");
    }
    if items.setitem.is_some() || items.delitem.is_some() {
        add("Py_mp_ass_subscript", "ass_subscript_slot");
    }
    if items.setattr.is_some() || items.delattr.is_some() {
        add("Py_tp_setattro", "setattro_slot");
    }
    if items.traverse.is_some() {
        add("Py_tp_traverse", "traverse_slot");
        add("Py_tp_clear", "clear_slot");
    }
}
