//! Expansion of special methods (`__repr__`, `__add__`, ...) into slot functions and
//! dispatcher entries.

use super::dunder::Dunder;
use super::expand::{INTO_RETURN, Items, call, receiver};
use super::parse::Method;
use crate::callable::Role;
use crate::callable::expand::{Passing, fastcall_args_named, passing, unlisted_token};
use crate::span::UserSpan;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

pub fn expand(items: &mut Items, m: &Method, d: Dunder, self_ty: &syn::Type) {
    match d {
        Dunder::Unary(slot) => unary(items, m, slot, false),
        Dunder::Next => unary(items, m, "Py_tp_iternext", true),
        Dunder::Hash => {
            items.hash = true;
            scalar(
                items,
                m,
                &["Py_tp_hash"],
                quote!(::abide::ffi::Py_hash_t),
                "::abide::__private::diagnostics::HashReturn::into_hash",
            )
        }
        Dunder::Bool => scalar(
            items,
            m,
            &["Py_nb_bool"],
            quote!(::core::ffi::c_int),
            "::abide::__private::diagnostics::BoolReturn::into_bool",
        ),
        Dunder::Len => scalar(
            items,
            m,
            &["Py_mp_length", "Py_sq_length"],
            quote!(::abide::ffi::Py_ssize_t),
            "::abide::__private::diagnostics::LenReturn::into_len",
        ),
        Dunder::GetItem => getitem(items, m),
        Dunder::Contains => contains(items, m),
        Dunder::SetItem => assign(items, m, Assign::SetItem),
        Dunder::DelItem => assign(items, m, Assign::DelItem),
        Dunder::GetAttr => getattr(items, m),
        Dunder::SetAttr => assign(items, m, Assign::SetAttr),
        Dunder::DelAttr => assign(items, m, Assign::DelAttr),
        Dunder::Call => tp_call(items, m, self_ty),
        Dunder::Binary(slot, reflected) => binary(
            items,
            m,
            slot,
            if reflected { "Right" } else { "Left" },
            false,
        ),
        Dunder::Inplace(slot) => binary(items, m, slot, "Left", true),
        Dunder::Compare(op) => compare(items, m, Some(op)),
        Dunder::RichCmp => compare(items, m, None),
        Dunder::Traverse => traverse(items, m),
        Dunder::Clear => clear(items, m),
    }
}

fn cell_of(slf: TokenStream) -> TokenStream {
    quote!(unsafe { ::abide::__private::class::cell_of_instance::<Self>(#slf) })
}

/// Extraction of the Python-level parameters from objects `objs` (in Python order), with
/// `on_error` deciding what a failed conversion does; returns the statements and the
/// Rust call arguments. A parameter that may be the `Python` token takes no object when
/// its type is the token; that the others match `objs` is checked at compile time.
pub fn operands(
    m: &Method,
    objs: &[TokenStream],
    on_error: &TokenStream,
) -> (TokenStream, Vec<TokenStream>) {
    let c = &m.callable;
    let n = objs.len();
    let mut stmts = quote! {
        #[allow(unused_variables)]
        let __objs: [::abide::Borrowed<'_, '_>; #n] = [#(#objs),*];
    };
    if c.python_params().1 > 0 {
        stmts.extend(arity_check(m, n));
    }
    let mut args = Vec::new();
    for arg in &c.args {
        match arg.role {
            Role::Param(i) => {
                let var = format_ident!("__operand{}", i);
                let p = passing(&arg.ty);
                let at = c.position(i);
                let extract = match p {
                    Passing::Value => UserSpan::of(&arg.ty).call(
                        quote!(::abide::__private::param::FromArg::from_operand),
                        quote!(py, __objs.get(#at).copied()),
                    ),
                    _ => UserSpan::of(&arg.ty)
                        .call(quote!(::abide::FromPyObject::extract), quote!(__objs[#at])),
                };
                stmts.extend(bind_operand(&p, &var, &extract, on_error));
                args.push(p.pass(&var));
            }
            Role::Token => args.push(unlisted_token(arg)),
            _ => args.push(quote!(py)),
        }
    }
    (stmts, args)
}

/// A compile-time check that the parameters other than the `Python` token are `n`, for
/// a method whose parameters may be the token (no `signature`: their types decide).
pub fn arity_check(m: &Method, n: usize) -> TokenStream {
    let count = m.callable.count(|_| true);
    let msg = format!(
        "`{}` takes {n} parameter{} besides `self` and the `Python` token",
        m.callable.python_name,
        if n == 1 { "" } else { "s" }
    );
    let span = m.ident.span();
    quote::quote_spanned! {span=>
        const { ::core::assert!(#count == #n, #msg) };
    }
}

fn slot_entry(items: &mut Items, slot: &str, wrapper: &Ident) {
    let slot = format_ident!("{}", slot);
    items.slots.push(quote! {
        ::abide::__private::class::SlotEntry { slot: ::abide::ffi::#slot, pfunc: Self::#wrapper as *mut ::core::ffi::c_void }
    });
}

fn unary(items: &mut Items, m: &Method, slot: &str, next: bool) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_slot_{}", ident);
    let (bind, pass) = receiver(m, cell_of(quote!(slf)));
    let (extract, args) = operands(m, &[], &quote!(return ::core::result::Result::Err(__err)));
    let convert = if next {
        "::abide::__private::diagnostics::IterNextReturn::into_iter_next"
    } else {
        INTO_RETURN
    };
    let body = call(m, &pass, &args, convert, quote!(, py));
    items.wrappers.push(quote! {
        unsafe extern "C" fn #wrapper(slf: *mut ::abide::ffi::PyObject) -> *mut ::abide::ffi::PyObject {
            // SAFETY: CPython calls slots attached with an instance of the class.
            let py = unsafe { ::abide::Python::assume_attached() };
            ::abide::__private::trampoline::trampoline(py, |py| {
                #extract
                #bind
                #body
            })
        }
    });
    slot_entry(items, slot, &wrapper);
}

fn scalar(items: &mut Items, m: &Method, slots: &[&str], ret_ty: TokenStream, convert: &str) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_slot_{}", ident);
    let (bind, pass) = receiver(m, cell_of(quote!(slf)));
    let (extract, args) = operands(m, &[], &quote!(return ::core::result::Result::Err(__err)));
    let call = call(m, &pass, &args, convert, quote!());
    items.wrappers.push(quote! {
        unsafe extern "C" fn #wrapper(slf: *mut ::abide::ffi::PyObject) -> #ret_ty {
            // SAFETY: CPython calls slots attached with an instance of the class.
            let py = unsafe { ::abide::Python::assume_attached() };
            ::abide::__private::trampoline::trampoline(py, |py| {
                #extract
                #bind
                #call
            })
        }
    });
    for slot in slots {
        slot_entry(items, slot, &wrapper);
    }
}

/// A slot `(self, key) -> object` calling the method with `key` converted; `before`
/// runs first and may return (`__getattr__`'s normal lookup).
fn keyed_slot(items: &mut Items, m: &Method, before: TokenStream) -> Ident {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_slot_{}", ident);
    let (bind, pass) = receiver(m, cell_of(quote!(slf)));
    let (extract, args) = operands(
        m,
        &[quote!(unsafe { ::abide::Borrowed::from_ptr(py, key) })],
        &quote!(return ::core::result::Result::Err(__err)),
    );
    let call = call(m, &pass, &args, INTO_RETURN, quote!(, py));
    items.wrappers.push(quote! {
        unsafe extern "C" fn #wrapper(
            slf: *mut ::abide::ffi::PyObject,
            key: *mut ::abide::ffi::PyObject,
        ) -> *mut ::abide::ffi::PyObject {
            #before
            // SAFETY: CPython calls slots attached with an instance of the class.
            let py = unsafe { ::abide::Python::assume_attached() };
            ::abide::__private::trampoline::trampoline(py, |py| {
                #extract
                #bind
                #call
            })
        }
    });
    wrapper
}

fn getitem(items: &mut Items, m: &Method) {
    let ident = &m.ident;
    let wrapper = keyed_slot(items, m, quote!());
    slot_entry(items, "Py_mp_subscript", &wrapper);

    // The sequence form too, as CPython does for a Python class with `__getitem__`, so
    // `iter()` over indices and `PySequence_GetItem` work.
    let seq_wrapper = format_ident!("__abide_sq_item_{}", ident);
    items.wrappers.push(quote! {
        unsafe extern "C" fn #seq_wrapper(
            slf: *mut ::abide::ffi::PyObject,
            index: ::abide::ffi::Py_ssize_t,
        ) -> *mut ::abide::ffi::PyObject {
            // SAFETY: CPython calls slots attached with an instance of the class.
            let key = unsafe { ::abide::ffi::PyLong_FromSsize_t(index) };
            if key.is_null() {
                return key;
            }
            let result = unsafe { Self::#wrapper(slf, key) };
            unsafe { ::abide::ffi::Py_DecRef(key) };
            result
        }
    });
    slot_entry(items, "Py_sq_item", &seq_wrapper);
}

fn contains(items: &mut Items, m: &Method) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_slot_{}", ident);
    let (bind, pass) = receiver(m, cell_of(quote!(slf)));
    // An item of the wrong type is simply not contained, as for a Python container.
    let (extract, args) = operands(
        m,
        &[quote!(unsafe { ::abide::Borrowed::from_ptr(py, item) })],
        &quote!({
            drop(__err);
            return ::core::result::Result::Ok(0);
        }),
    );
    let call = call(
        m,
        &pass,
        &args,
        "::abide::__private::diagnostics::BoolReturn::into_bool",
        quote!(),
    );
    items.wrappers.push(quote! {
        unsafe extern "C" fn #wrapper(
            slf: *mut ::abide::ffi::PyObject,
            item: *mut ::abide::ffi::PyObject,
        ) -> ::core::ffi::c_int {
            // SAFETY: CPython calls slots attached with an instance of the class.
            let py = unsafe { ::abide::Python::assume_attached() };
            ::abide::__private::trampoline::trampoline(py, |py| {
                #extract
                #bind
                #call
            })
        }
    });
    slot_entry(items, "Py_sq_contains", &wrapper);
}

/// What an assignment method implements; the runtime's dispatcher for the slot
/// (`mp_ass_subscript`, `tp_setattro`) calls the one for a set or a delete.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Assign {
    SetItem,
    DelItem,
    SetAttr,
    DelAttr,
}

fn assign(items: &mut Items, m: &Method, what: Assign) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_assign_{}", ident);
    let (bind, pass) = receiver(m, cell_of(quote!(slf.as_ptr())));
    let set = matches!(what, Assign::SetItem | Assign::SetAttr);
    let objs = if set {
        vec![
            quote!(key),
            quote!(value.expect("the dispatcher passes a value to a set method")),
        ]
    } else {
        vec![quote!(key)]
    };
    let (extract, args) = operands(m, &objs, &quote!(return ::core::result::Result::Err(__err)));
    let call = call(
        m,
        &pass,
        &args,
        "::abide::__private::diagnostics::UnitReturn::into_unit",
        quote!(),
    );
    items.wrappers.push(quote! {
        unsafe fn #wrapper<'py>(
            py: ::abide::Python<'py>,
            slf: ::abide::Borrowed<'_, 'py>,
            key: ::abide::Borrowed<'_, 'py>,
            value: ::core::option::Option<::abide::Borrowed<'_, 'py>>,
        ) -> ::abide::PyResult<()> {
            let _ = &value;
            #extract
            #bind
            #call
        }
    });
    let entry = Some(quote!(Self::#wrapper));
    match what {
        Assign::SetItem => items.setitem = entry,
        Assign::DelItem => items.delitem = entry,
        Assign::SetAttr => items.setattr = entry,
        Assign::DelAttr => items.delattr = entry,
    }
}

/// `__getattr__`: `tp_getattro` does the normal lookup first and calls the method only
/// when that raises `AttributeError`, as CPython does for a Python class.
fn getattr(items: &mut Items, m: &Method) {
    let normal_lookup = quote! {
        // SAFETY: CPython calls slots attached with an instance of the class and a str.
        let found = unsafe { ::abide::ffi::PyObject_GenericGetAttr(slf, key) };
        if !found.is_null() || !unsafe { ::abide::__private::class::attribute_error_raised() } {
            return found;
        }
    };
    let wrapper = keyed_slot(items, m, normal_lookup);
    slot_entry(items, "Py_tp_getattro", &wrapper);
}

fn tp_call(items: &mut Items, m: &Method, self_ty: &syn::Type) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_slot_{}", ident);
    let (bind, pass) = receiver(m, cell_of(quote!(slf)));
    let args = fastcall_args_named(&m.callable, quote!(<#self_ty as ::abide::PyClass>::NAME));
    let (parse, call_args) = (&args.parse, &args.call_args);
    let call = call(m, &pass, call_args, INTO_RETURN, quote!(, py));
    items.wrappers.push(quote! {
        unsafe extern "C" fn #wrapper(
            slf: *mut ::abide::ffi::PyObject,
            args: *mut ::abide::ffi::PyObject,
            kwargs: *mut ::abide::ffi::PyObject,
        ) -> *mut ::abide::ffi::PyObject {
            // SAFETY: CPython calls tp_call attached with an instance, a tuple and a dict.
            let py = unsafe { ::abide::Python::assume_attached() };
            ::abide::__private::trampoline::trampoline(py, |py| {
                let __converted = unsafe { ::abide::__private::class::TupleDictArgs::new(py, args, kwargs)? };
                let __call = __converted.fastcall();
                #parse
                #bind
                #call
            })
        }
    });
    slot_entry(items, "Py_tp_call", &wrapper);
}

/// Numeric operators: an operand of the wrong type gives `NotImplemented`, so Python
/// tries the other operand's method, as with Python classes.
fn binary(items: &mut Items, m: &Method, slot: &str, side: &str, inplace: bool) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_binary_{}", ident);
    let (bind, pass) = receiver(m, cell_of(quote!(this.as_ptr())));
    let (extract, args) = operands(
        m,
        &[quote!(other)],
        &quote!({
            drop(__err);
            return ::core::result::Result::Ok(py.NotImplemented());
        }),
    );
    let result = if inplace {
        call(
            m,
            &pass,
            &args,
            "::abide::__private::diagnostics::InplaceReturn::into_inplace",
            quote!(, py, this),
        )
    } else {
        let call = call(m, &pass, &args, INTO_RETURN, quote!(, py));
        quote! {
            let __ptr = #call?;
            // SAFETY: a new reference.
            ::core::result::Result::Ok(unsafe { ::abide::Object::from_owned_ptr(py, __ptr) })
        }
    };
    let slf_alias = quote!(let slf = this.as_ptr(););
    items.wrappers.push(quote! {
        unsafe fn #wrapper<'py>(
            py: ::abide::Python<'py>,
            this: ::abide::Borrowed<'_, 'py>,
            other: ::abide::Borrowed<'_, 'py>,
        ) -> ::abide::PyResult<::abide::Object<'py>> {
            #[allow(unused_variables)]
            #slf_alias
            #extract
            #bind
            #result
        }
    });
    let slot = format_ident!("{}", slot);
    let side = format_ident!("{}", side);
    items.binary.push(quote! {
        ::abide::__private::class::BinaryEntry {
            slot: ::abide::ffi::#slot,
            side: ::abide::__private::class::Side::#side,
            func: Self::#wrapper,
            dispatcher: ::abide::__private::class::binary_dispatcher::<Self, { ::abide::ffi::#slot }>(),
        }
    });
}

/// `__eq__`, ... (`op` given) or `__richcmp__` (`op` is a parameter).
fn compare(items: &mut Items, m: &Method, op: Option<&str>) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_compare_{}", ident);
    let (bind, pass) = receiver(m, cell_of(quote!(this.as_ptr())));
    let not_implemented = quote!({
        drop(__err);
        return ::core::result::Result::Ok(py.NotImplemented());
    });
    // `__eq__`, ... take `other`; `__richcmp__` takes `other` and the operator, which
    // by-value parameters tell apart by their type (`CompareOp` is the operator).
    let (stmts, args) = match op {
        Some(_) => operands(m, &[quote!(other)], &not_implemented),
        None => richcmp_operands(m, &not_implemented),
    };
    let call = call(m, &pass, &args, INTO_RETURN, quote!(, py));
    items.wrappers.push(quote! {
        unsafe fn #wrapper<'py>(
            py: ::abide::Python<'py>,
            this: ::abide::Borrowed<'_, 'py>,
            other: ::abide::Borrowed<'_, 'py>,
            op: ::core::ffi::c_int,
        ) -> ::abide::PyResult<::abide::Object<'py>> {
            #[allow(unused_variables)]
            let slf = this.as_ptr();
            let _ = op;
            #stmts
            #bind
            let __ptr = #call?;
            // SAFETY: a new reference.
            ::core::result::Result::Ok(unsafe { ::abide::Object::from_owned_ptr(py, __ptr) })
        }
    });
    let op = match op {
        Some(op) => {
            let op = format_ident!("{}", op);
            quote!(::abide::ffi::#op)
        }
        None => quote!(-1),
    };
    items.compare.push(quote! {
        ::abide::__private::class::CompareEntry { op: #op, func: Self::#wrapper }
    });
}

fn traverse(items: &mut Items, m: &Method) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_traverse_{}", ident);
    items.wrappers.push(quote! {
        unsafe fn #wrapper(
            this: *const (),
            visit: &::abide::class::PyVisit<'_>,
        ) -> ::core::result::Result<(), ::abide::class::PyTraverseError> {
            // SAFETY: the runtime passes a pointer to a live `Self` it may read.
            let this = unsafe { &*this.cast::<Self>() };
            Self::#ident(this, *visit)
        }
    });
    items.traverse = Some(quote!(Self::#wrapper));
}

fn clear(items: &mut Items, m: &Method) {
    let ident = &m.ident;
    let wrapper = format_ident!("__abide_clear_{}", ident);
    items.wrappers.push(quote! {
        unsafe fn #wrapper(this: *mut ()) {
            // SAFETY: the runtime passes a pointer to a live `Self` it holds exclusively.
            let this = unsafe { &mut *this.cast::<Self>() };
            Self::#ident(this);
        }
    });
    items.clear = Some(quote!(Self::#wrapper));
}

/// `let <var>: <annotation> = <extract>` for one operand, `on_error` deciding what a failed
/// conversion does.
fn bind_operand(
    p: &Passing,
    var: &syn::Ident,
    extract: &TokenStream,
    on_error: &TokenStream,
) -> TokenStream {
    let annotation = p.annotation();
    let binding = match p {
        Passing::Mut(_) => quote!(mut #var),
        _ => quote!(#var),
    };
    quote! {
        let #binding #annotation = match #extract {
            ::core::result::Result::Ok(v) => v,
            ::core::result::Result::Err(__err) => #on_error,
        };
    }
}

/// The Rust arguments of `__richcmp__(&self, other, op)`.
fn richcmp_operands(m: &Method, on_error: &TokenStream) -> (TokenStream, Vec<TokenStream>) {
    let mut stmts = quote!();
    if m.callable.python_params().1 > 0 {
        stmts.extend(arity_check(m, 2));
    }
    let mut args = Vec::new();
    for arg in &m.callable.args {
        match arg.role {
            Role::Param(i) => {
                let var = format_ident!("__operand{}", i);
                let p = passing(&arg.ty);
                let extract = match p {
                    Passing::Value => UserSpan::of(&arg.ty).call(
                        quote!(::abide::__private::param::RichCmpArg::from_richcmp),
                        quote!(py, other, op),
                    ),
                    _ => UserSpan::of(&arg.ty)
                        .call(quote!(::abide::FromPyObject::extract), quote!(other)),
                };
                stmts.extend(bind_operand(&p, &var, &extract, on_error));
                args.push(p.pass(&var));
            }
            Role::Token => args.push(unlisted_token(arg)),
            _ => args.push(quote!(py)),
        }
    }
    (stmts, args)
}
