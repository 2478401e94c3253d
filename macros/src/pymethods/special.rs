//! Expansion of special methods (`__repr__`, `__add__`, ...), driven by their row in the
//! table ([`specials`](super::specials)): the body of the slot function, the calling
//! convention that makes it, and the entries the class's tables get.

use super::expand::{Items, call, receiver};
use super::parse::Method;
use super::specials::{Assign, Form, OnError, Ret, Side, Special};
use crate::callable::Role;
use crate::callable::expand::{Passing, fastcall_args_named, passing, unlisted_token};
use crate::span::UserSpan;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

pub fn expand(items: &mut Items, m: &Method, s: &'static Special, self_ty: &syn::Type) {
    if s.name == "__hash__" {
        items.hash = true;
    }
    match s.form {
        Form::Unary => {
            let body = slot_body(m, s, &[]);
            direct(items, m, s, quote!(unary(|py, slf| { #body })));
        }
        Form::Binary => {
            let body = slot_body(m, s, &[quote!(arg)]);
            direct(items, m, s, quote!(binary(|py, slf, arg| { #body })));
        }
        Form::Subscript => {
            let body = slot_body(m, s, &[quote!(arg)]);
            direct(items, m, s, quote!(subscript(|py, slf, arg| { #body })));
        }
        Form::GetAttr => {
            let body = slot_body(m, s, &[quote!(arg)]);
            direct(items, m, s, quote!(getattr(|py, slf, arg| { #body })));
        }
        Form::Call => {
            let (bind, pass) = receiver(m, cell_of(quote!(slf)));
            let args =
                fastcall_args_named(&m.callable, quote!(<#self_ty as ::abide::PyClass>::NAME));
            let (parse, call_args) = (&args.parse, &args.call_args);
            let call = call_converted(m, s, &pass, call_args);
            direct(
                items,
                m,
                s,
                quote!(call(|py, slf, __call| { #parse #bind #call })),
            );
        }
        Form::Assign(what) => assign(items, m, s, what),
        Form::Operator(side) => operator(items, m, s, side),
        Form::Compare(op) => compare(items, m, s, op),
        Form::Traverse => traverse(items, m),
        Form::Clear => clear(items, m),
        Form::GetBuffer | Form::ReleaseBuffer => buffer(items, m, s),
    }
}

fn cell_of(slf: TokenStream) -> TokenStream {
    quote!(unsafe { ::abide::__private::class::cell_of_instance::<Self>(#slf) })
}

/// Calls the method and converts its result as the row says.
fn call_converted(
    m: &Method,
    s: &Special,
    pass: &TokenStream,
    args: &[TokenStream],
) -> TokenStream {
    // Only `Form::Traverse` has no conversion, and it does not come here.
    let (convert, extra) = iter_next_ret(m, s.ret)
        .convert()
        .expect("a special method that converts its result");
    let extra: TokenStream = extra.parse().expect("tokens");
    call(m, pass, args, convert, extra)
}

/// `__next__` returning `Option<T>` (or a `Result` of one) yields `Some` and stops at
/// `None`; returning any other `T` yields it, and the method ends the iteration by
/// raising `StopIteration` (with a value for `yield from`, if it likes), as in PyO3. The
/// written return type decides (a type alias of `Option` counts as another `T`).
fn iter_next_ret(m: &Method, ret: Ret) -> Ret {
    let plain =
        crate::stub::value_type(&m.output).is_some_and(|t| crate::stub::option_inner(t).is_none());
    if ret == Ret::IterNext && plain {
        Ret::Object
    } else {
        ret
    }
}

/// What a failed conversion of an operand does, as a statement that returns.
fn on_error(s: &Special) -> TokenStream {
    match s.on_error {
        OnError::Raise => quote!(return ::core::result::Result::Err(__err)),
        OnError::NotImplemented => quote!({
            drop(__err);
            return ::core::result::Result::Ok(py.NotImplemented());
        }),
        OnError::False => quote!({
            drop(__err);
            return ::core::result::Result::Ok(0);
        }),
    }
}

/// Raised conversion errors name the method and parameter; the others are dropped.
fn reword(s: &Special) -> Reword<'static> {
    match s.on_error {
        OnError::Raise => Reword::Argument,
        OnError::NotImplemented | OnError::False => Reword::No,
    }
}

/// The body of a slot function that takes the instance (`slf`) and `objs`: convert the
/// operands, borrow the receiver, call, convert the result.
fn slot_body(m: &Method, s: &Special, objs: &[TokenStream]) -> TokenStream {
    let (bind, pass) = receiver(m, cell_of(quote!(slf)));
    let (extract, args) = operands(m, objs, &on_error(s), reword(s));
    let call = call_converted(m, s, &pass, &args);
    quote! {
        #extract
        #bind
        #call
    }
}

/// A slot the method fills on its own: the convention's function pointers, kept in a
/// constant (one per slot the row names), and one `SlotEntry` per slot.
fn direct(items: &mut Items, m: &Method, s: &Special, convention: TokenStream) {
    let name = format_ident!("__abide_slot_{}", m.ident);
    let n = s.slots.len();
    // `subscript` makes one function per slot; the others one for all of them.
    let pointers = if s.form == Form::Subscript {
        let index = (0..n).map(syn::Index::from);
        quote!([#(__f.#index as *mut ::core::ffi::c_void),*])
    } else {
        quote!([__f as *mut ::core::ffi::c_void; #n])
    };
    items.slot_functions.push(quote! {
        const #name: [*mut ::core::ffi::c_void; #n] = {
            let __f = ::abide::__private::convention::#convention;
            #pointers
        };
    });
    for (i, slot) in s.slots.iter().enumerate() {
        items.slots.push(slot.entry(quote!(Self::#name[#i])));
    }
}

/// How an operand's conversion error is reported when it is raised: as it is, or
/// naming what was converted, as a function's argument errors do.
#[derive(Clone, Copy)]
pub enum Reword<'a> {
    /// The conversion's own error (it is not raised, or the method has no name to give).
    No,
    /// `__setitem__() argument 'value': ...`.
    Argument,
    /// `attribute 'name' of 'Counter' objects: ...` (a property's setter).
    Attribute(&'a str),
}

impl Reword<'_> {
    /// `on_error` with `__err` first rewritten to name the method and `param`.
    fn wrap(self, m: &Method, param: &str, on_error: &TokenStream) -> TokenStream {
        let what = match self {
            Reword::No => return on_error.clone(),
            Reword::Argument => {
                let method = &m.callable.python_name;
                quote!(::core::format_args!("{}() argument '{}'", #method, #param))
            }
            Reword::Attribute(attr) => quote!(::core::format_args!(
                "attribute '{}' of '{}' objects",
                #attr,
                <Self as ::abide::PyClass>::NAME
            )),
        };
        quote!({
            let __err = ::abide::__private::args::reword(py, #what, __err);
            #on_error
        })
    }
}

/// Extraction of the Python-level parameters from objects `objs` (in Python order), with
/// `on_error` deciding what a failed conversion does; returns the statements and the
/// Rust call arguments. A parameter that may be the `Python` token takes no object when
/// its type is the token; that the others match `objs` is checked at compile time.
pub fn operands(
    m: &Method,
    objs: &[TokenStream],
    on_error: &TokenStream,
    what: Reword,
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
                let on_error = what.wrap(m, &c.params[i].name, on_error);
                stmts.extend(bind_operand(&p, &var, &extract, &on_error));
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

/// `__setitem__`, `__delitem__`, `__setattr__`, `__delattr__`: a function the runtime's
/// dispatcher for the slot (`mp_ass_subscript`, `tp_setattro`) calls for a set or a
/// delete.
fn assign(items: &mut Items, m: &Method, s: &Special, what: Assign) {
    let (bind, pass) = receiver(m, cell_of(quote!(slf)));
    let objs = match what {
        Assign::SetItem | Assign::SetAttr => vec![
            quote!(key),
            quote!(value.expect("the dispatcher passes a value to a set method")),
        ],
        Assign::DelItem | Assign::DelAttr => vec![quote!(key)],
    };
    let (extract, args) = operands(m, &objs, &on_error(s), reword(s));
    let call = call_converted(m, s, &pass, &args);
    let entry = Some(quote! {
        |py, this, key, value| {
            let _ = &value;
            let slf = this.as_ptr();
            #extract
            #bind
            #call
        }
    });
    match what {
        Assign::SetItem => items.setitem = entry,
        Assign::DelItem => items.delitem = entry,
        Assign::SetAttr => items.setattr = entry,
        Assign::DelAttr => items.delattr = entry,
    }
}

/// Numeric operators: an operand of the wrong type gives `NotImplemented`, so Python
/// tries the other operand's method, as with Python classes. The runtime's dispatcher for
/// the slot calls this function for its side.
fn operator(items: &mut Items, m: &Method, s: &Special, side: Side) {
    let (bind, pass) = receiver(m, cell_of(quote!(this.as_ptr())));
    let (extract, args) = operands(m, &[quote!(other)], &on_error(s), reword(s));
    let call = call_converted(m, s, &pass, &args);
    let result = match side {
        Side::Inplace => call,
        Side::Left | Side::Right => quote! {
            let __ptr = #call?;
            // SAFETY: a new reference.
            ::core::result::Result::Ok(unsafe { ::abide::Object::from_owned_ptr(py, __ptr) })
        },
    };
    let slot = format_ident!("{}", s.slots[0].name);
    let side = format_ident!(
        "{}",
        match side {
            Side::Right => "Right",
            Side::Left | Side::Inplace => "Left",
        }
    );
    items.binary.push(quote! {
        ::abide::__private::class::BinaryEntry {
            slot: ::abide::ffi::#slot,
            side: ::abide::__private::class::Side::#side,
            func: |py, this, other| {
                #[allow(unused_variables)]
                let slf = this.as_ptr();
                #extract
                #bind
                #result
            },
            dispatcher: ::abide::__private::class::binary_dispatcher::<Self, { ::abide::ffi::#slot }>(),
        }
    });
}

/// `__eq__`, ... (`op` given) or `__richcmp__` (`op` is a parameter), which the
/// runtime's `tp_richcompare` calls by operator.
fn compare(items: &mut Items, m: &Method, s: &Special, op: Option<&str>) {
    let (bind, pass) = receiver(m, cell_of(quote!(this.as_ptr())));
    let not_implemented = on_error(s);
    // `__eq__`, ... take `other`; `__richcmp__` takes `other` and the operator, which
    // by-value parameters tell apart by their type (`CompareOp` is the operator).
    let (stmts, args) = match op {
        Some(_) => operands(m, &[quote!(other)], &not_implemented, Reword::No),
        None => richcmp_operands(m, &not_implemented),
    };
    let call = call_converted(m, s, &pass, &args);
    let op = match op {
        Some(op) => {
            let op = format_ident!("{}", op);
            quote!(::abide::ffi::#op)
        }
        None => quote!(-1),
    };
    items.compare.push(quote! {
        ::abide::__private::class::CompareEntry {
            op: #op,
            func: |py, this, other, op| {
                let _ = op;
                #[allow(unused_variables)]
                let slf = this.as_ptr();
                #stmts
                #bind
                let __ptr = #call?;
                // SAFETY: a new reference.
                ::core::result::Result::Ok(unsafe { ::abide::Object::from_owned_ptr(py, __ptr) })
            },
        }
    });
}

/// `__traverse__`: called by the runtime's `tp_traverse` with the value.
fn traverse(items: &mut Items, m: &Method) {
    let ident = &m.ident;
    items.traverse = Some(quote! {
        |this, visit| {
            // SAFETY: the runtime passes a pointer to a live `Self` it may read.
            let this = unsafe { &*this.cast::<Self>() };
            Self::#ident(this, *visit)
        }
    });
}

/// `__clear__`: called by the runtime's `tp_clear` with the value.
fn clear(items: &mut Items, m: &Method) {
    let ident = &m.ident;
    items.clear = Some(quote! {
        |this| {
            // SAFETY: the runtime passes a pointer to a live `Self` it holds exclusively.
            let this = unsafe { &mut *this.cast::<Self>() };
            Self::#ident(this);
        }
    });
}

/// `let <var>: <annotation> = <extract>` for one operand, `on_error` deciding what a failed
/// conversion does.
fn bind_operand(
    p: &Passing,
    var: &Ident,
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

/// `__getbuffer__` and `__releasebuffer__`: their parameters are not Python objects but
/// the C slot's own arguments, passed by position: PyO3's raw `(view, flags)` (`(view)`
/// for the release), or one safe request (`BufferRequest`, `ReleaseRequest`) made from
/// them, or (release only) nothing. A mismatched type is a type error at the user's
/// parameter.
fn buffer(items: &mut Items, m: &Method, s: &Special) {
    let (bind, pass) = receiver(m, cell_of(quote!(slf)));
    let get = s.form == Form::GetBuffer;
    let params = m
        .callable
        .args
        .iter()
        .filter(|a| matches!(a.role, Role::Param(_)))
        .count();
    let raw: Vec<TokenStream> = if get {
        vec![quote!(view), quote!(flags)]
    } else {
        vec![quote!(view)]
    };
    let request = if get {
        quote!(unsafe { ::abide::buffer::BufferRequest::__new(slf, view, flags) })
    } else {
        // The raw pointer or a `ReleaseRequest`: the parameter's type decides.
        quote!(unsafe { ::abide::buffer::ReleaseArg::__from_view(view) })
    };
    let mut args = Vec::new();
    let mut n = 0;
    for arg in &m.callable.args {
        match arg.role {
            Role::Param(_) => {
                let value = if get && params == raw.len() {
                    raw[n].clone()
                } else {
                    request.clone()
                };
                n += 1;
                args.push(UserSpan::of(&arg.ty).value(value));
            }
            Role::Token => args.push(unlisted_token(arg)),
            _ => args.push(quote!(py)),
        }
    }
    if params > raw.len() || (get && params == 0) {
        let msg = if get {
            "`__getbuffer__` takes `request: BufferRequest<'_>` or PyO3's `view: *mut ffi::Py_buffer, flags: c_int` besides `self`"
        } else {
            "`__releasebuffer__` takes `request: ReleaseRequest<'_>`, PyO3's `view: *mut ffi::Py_buffer`, or nothing besides `self`"
        };
        let span = m.ident.span();
        items
            .slot_functions
            .push(quote::quote_spanned! {span=> ::core::compile_error!(#msg);});
        return;
    }
    let mut call = call_converted(m, s, &pass, &args);
    if m.written.sig.unsafety.is_some() {
        // PyO3's `unsafe fn __getbuffer__`: its contract is that `view` is the struct
        // CPython passes to the slot (and, for the release, one this class filled).
        call = quote!(#[allow(unused_unsafe)] unsafe { #call });
    }
    let convention = if get {
        quote!(getbuffer(|py, slf, view, flags| {
            let _ = (view, flags);
            #bind
            #call
        }))
    } else {
        quote!(releasebuffer(|py, slf, view| {
            let _ = view;
            #bind
            #call
        }))
    };
    direct(items, m, s, convention);
}
