//! The slot functions abide supplies itself, one instance per class: deallocation, GC
//! traversal and clearing (walking every `#[pyclass]` level of the object), and the
//! dispatchers that combine several user methods into one slot (binary operators with
//! their reflected forms, rich comparison, item assignment and deletion).

use super::cell::ClassCell;
use super::instance::class_of;
use super::items::{AssignFn, Side};
use super::{PyClass, PyClassBase, PyVisit};
use crate::err::PyResult;
use crate::exceptions::PyAttributeError;
use crate::ffi;
use crate::impl_::trampoline::trampoline;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use core::ffi::{c_int, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};

fn tables<T: PyClass>() -> &'static super::build::Tables {
    T::class_data()
        .tables()
        .expect("a class's tables exist once its type does")
}

/// `tp_dealloc`.
pub(crate) unsafe extern "C" fn dealloc<T: PyClass>(obj: *mut ffi::PyObject) {
    // SAFETY: CPython deallocates an instance of T (or of a subclass) attached.
    unsafe {
        let gc = tables::<T>()
            .gc_instances
            .load(core::sync::atomic::Ordering::Relaxed);
        if gc {
            ffi::PyObject_GC_UnTrack(obj.cast());
        }
        let weakrefs = tables::<T>().chain().any(|t| t.extras.weaklist.is_some());
        let dicts = tables::<T>().chain().any(|t| t.extras.dict.is_some());
        if !core::mem::needs_drop::<T>()
            && <T::Base as PyClassBase>::base_token().is_none()
            && !<T::Base as PyClassBase>::NATIVE
            && !weakrefs
            && !dicts
        {
            // Nothing to drop (plain data on `object`): just free, as C code would.
            free_instance::<T>(obj, gc);
            return;
        }
        // Dropping Rust values can run Python code (a `Py` field's last reference, a
        // weak reference's callback): keep whatever exception is in flight.
        let saved = crate::compat::get_raised_exception();
        if weakrefs {
            // First, as CPython does: the callbacks see the references dead.
            ffi::PyObject_ClearWeakRefs(obj);
        }
        dealloc_level::<T>(obj);
        crate::compat::set_raised_exception(saved);
    }
}

/// Frees an instance whose Rust levels need no drop, and releases its type.
unsafe fn free_instance<T: PyClass>(obj: *mut ffi::PyObject, gc: bool) {
    // SAFETY: `obj` is being deallocated; a class without `subclass` has no subclasses,
    // so the object's type is T's, whose deallocator CPython chose from its GC flag.
    unsafe {
        let tp = crate::compat::py_type(obj);
        if !T::SUBCLASS {
            if gc {
                ffi::PyObject_GC_Del(obj.cast());
            } else {
                ffi::PyObject_Free(obj.cast());
            }
            ffi::Py_DecRef(tp.cast());
        } else {
            <crate::object::PyAny as PyClassBase>::dealloc_levels(obj);
        }
    }
}

/// Drops `T`'s level of `obj`, then the levels below it, then frees the object.
pub(crate) unsafe fn dealloc_level<T: PyClass>(obj: *mut ffi::PyObject) {
    // SAFETY: `obj` is an instance of T being deallocated; nobody borrows it any more.
    unsafe {
        let data = super::instance::data_of_instance::<T>(obj);
        let cell = &*data.cast::<ClassCell<T>>();
        if catch_unwind(AssertUnwindSafe(|| cell.drop_value())).is_err() {
            report_drop_panic(T::NAME);
        }
        clear_dict::<T>(data);
        <T::Base as PyClassBase>::dealloc_levels(obj);
    }
}

/// Releases `T`'s own `__dict__` (`#[pyclass(dict)]`), if it has one and it was made.
///
/// # Safety
/// `data` is `T`'s type data in a live instance, attached.
unsafe fn clear_dict<T: PyClass>(data: *mut u8) {
    if let Some(at) = tables::<T>().extras.dict {
        // SAFETY: per the caller; the pointer is NULL or a reference the object owns.
        unsafe {
            let slot = super::extras::slot(data, at);
            let dict = core::mem::replace(&mut *slot, core::ptr::null_mut());
            if !dict.is_null() {
                ffi::Py_DecRef(dict);
            }
        }
    }
}

#[cold]
#[inline(never)]
unsafe fn report_drop_panic(class_name: &str) {
    // SAFETY: attached; reports through sys.unraisablehook like CPython does for
    // exceptions in __del__.
    unsafe {
        let py = Python::assume_attached();
        crate::exceptions::PyRuntimeError::new_err(format!(
            "panic while dropping a {class_name} value",
        ))
        .restore(py);
        ffi::PyErr_WriteUnraisable(core::ptr::null_mut());
    }
}

/// `tp_traverse`.
///
/// # Safety
/// Called by CPython as the `tp_traverse` of `T`'s type (or a subclass's), with an
/// instance of it.
pub unsafe extern "C" fn traverse<T: PyClass>(
    obj: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    let visit = PyVisit::new(visit, arg);
    // SAFETY: called by the GC with an instance of T; heap types must visit their type.
    unsafe {
        if let Err(e) = visit.call_ptr(crate::compat::py_type(obj).cast()) {
            return e.0;
        }
        match catch_unwind(AssertUnwindSafe(|| traverse_level::<T>(obj, &visit))) {
            Ok(Ok(())) => 0,
            Ok(Err(e)) => e.0,
            // A panic in __traverse__ cannot raise (the GC is running): stop visiting.
            Err(_) => 0,
        }
    }
}

/// `T`'s type data, with the functions that are allowed while the GC runs.
unsafe fn data_during_gc<T: PyClass>(obj: *mut ffi::PyObject) -> Option<*mut u8> {
    // SAFETY: `obj` is an instance of T (or a subclass) under GC.
    unsafe {
        let cls = super::instance::class_of_during_gc::<T>(obj);
        if cls.is_null() {
            return None;
        }
        // A borrowed class (see `class_of_during_gc`): nothing to release.
        if !crate::compat::has_type_data() {
            return Some(super::instance::type_data::<T>(obj, cls));
        }
        let data = crate::compat::type_data_during_gc(obj, cls);
        (!data.is_null()).then_some(data.cast())
    }
}

/// Visits `T`'s level of `obj`, then the levels below.
pub(crate) unsafe fn traverse_level<T: PyClass>(
    obj: *mut ffi::PyObject,
    visit: &PyVisit<'_>,
) -> Result<(), super::PyTraverseError> {
    // SAFETY: per the caller.
    unsafe {
        if let Some(data) = data_during_gc::<T>(obj) {
            if let Some(at) = tables::<T>().extras.dict {
                visit.call_ptr(*super::extras::slot(data, at))?;
            }
            let cell = &*data.cast::<ClassCell<T>>();
            // A value being changed under `&mut self` on another thread is skipped.
            if let Some(value) = cell.readable_for_gc() {
                value.traverse_fields(visit)?;
                if let Some(user) = tables::<T>().traverse {
                    user((value as *const T).cast(), visit)?;
                }
            }
        }
        <T::Base as PyClassBase>::traverse_levels(obj, visit)
    }
}

/// `tp_clear`: breaks reference cycles by dropping the Rust values (or by running the
/// user's `__clear__`). Afterwards methods raise `RuntimeError` on this object.
///
/// # Safety
/// Called by CPython as the `tp_clear` of `T`'s type (or a subclass's), with an instance
/// of it.
pub unsafe extern "C" fn clear<T: PyClass>(obj: *mut ffi::PyObject) -> c_int {
    // SAFETY: called by the GC attached with an instance of T.
    unsafe {
        if catch_unwind(AssertUnwindSafe(|| clear_level::<T>(obj))).is_err() {
            report_drop_panic(T::NAME);
        }
    }
    0
}

/// Clears `T`'s level of `obj`, then the levels below.
pub(crate) unsafe fn clear_level<T: PyClass>(obj: *mut ffi::PyObject) {
    // SAFETY: per the caller. A borrowed value is left alone: someone is using it.
    unsafe {
        let data = super::instance::data_of_instance::<T>(obj);
        let cell = &*data.cast::<ClassCell<T>>();
        let py = Python::assume_attached();
        clear_dict::<T>(data);
        match tables::<T>().clear {
            Some(user) => {
                if let Ok(value) = cell.borrow_mut() {
                    user((value as *mut T).cast());
                    cell.release_mut();
                } else {
                    PyErr_clear(py);
                }
            }
            None => {
                if cell.borrow_mut().is_ok() {
                    cell.release_mut();
                    cell.drop_value();
                } else {
                    PyErr_clear(py);
                }
            }
        }
        <T::Base as PyClassBase>::clear_levels(obj);
    }
}

#[allow(non_snake_case)]
fn PyErr_clear(py: Python<'_>) {
    drop(crate::err::PyErr::take(py));
}

/// `tp_richcompare`: the user's `__eq__`, `__lt__`, ... or `__richcmp__`, of `T` or, for
/// an operator `T` does not define, of its nearest base that does (a level's own method
/// for the operator before its `__richcmp__`).
///
/// # Safety
/// Called by CPython as the `tp_richcompare` of `T`'s type (or a subclass's), attached,
/// with valid objects.
pub unsafe extern "C" fn richcompare<T: PyClass>(
    a: *mut ffi::PyObject,
    b: *mut ffi::PyObject,
    op: c_int,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls it attached, with `a` an instance of T.
    let py = unsafe { Python::assume_attached() };
    let _scope = crate::impl_::context::Scope::object(a);
    trampoline(py, |py| {
        // SAFETY: both arguments are valid for the call.
        let (a, b) = unsafe { (Borrowed::from_ptr(py, a), Borrowed::from_ptr(py, b)) };
        let find = |op: c_int| {
            tables::<T>().chain().find_map(|t| {
                let exact = t.compare.iter().find(|e| e.op == op);
                exact.or_else(|| t.compare.iter().find(|e| e.op == -1))
            })
        };
        match find(op) {
            // SAFETY: the entry was generated for T or one of its bases, and `a` is a T.
            Some(e) => unsafe { (e.func)(py, a, b, op) }.map(Object::into_ptr),
            // Without `__ne__`, `!=` is the negation of `__eq__` (found the same way), as
            // `object.__ne__` does for Python classes.
            None if op == ffi::Py_NE => match find(ffi::Py_EQ) {
                Some(eq) => {
                    // SAFETY: as above.
                    let result = unsafe { (eq.func)(py, a, b, ffi::Py_EQ)? };
                    // SAFETY: comparing with the immortal NotImplemented.
                    if result.as_ptr() == unsafe { ffi::Py_NotImplemented() } {
                        return Ok(result.into_ptr());
                    }
                    use crate::conversion::IntoPyObject;
                    (!crate::object::PyAnyMethods::is_truthy(&result)?)
                        .into_pyobject(py)
                        .map(Object::into_ptr)
                }
                None => Ok(py.NotImplemented().into_ptr()),
            },
            // What `object` does: Python then tries the other operand, then identity.
            None => Ok(py.NotImplemented().into_ptr()),
        }
    })
}

/// `mp_ass_subscript`: `__setitem__` or, with no value, `__delitem__`, of `T` or its
/// nearest base that defines it. With neither, the `AttributeError` naming the method
/// that a Python class raises (`del x[k]` on a class with `__setitem__` only).
///
/// # Safety
/// Called by CPython as the `mp_ass_subscript` of `T`'s type (or a subclass's), attached,
/// with an instance of it, a valid key and a valid value or NULL.
pub unsafe extern "C" fn ass_subscript<T: PyClass>(
    obj: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
) -> c_int {
    let chain = tables::<T>().chain();
    let (func, name) = if value.is_null() {
        (chain.filter_map(|t| t.delitem).next(), "__delitem__")
    } else {
        (chain.filter_map(|t| t.setitem).next(), "__setitem__")
    };
    match func {
        // SAFETY: CPython calls it attached with valid objects (value may be NULL); the
        // function was generated for T or one of its bases.
        Some(f) => unsafe { call_assign(obj, key, value, f) },
        None => {
            // SAFETY: as above.
            let py = unsafe { Python::assume_attached() };
            PyAttributeError::new_err(name).restore(py);
            -1
        }
    }
}

/// `tp_setattro`: `__setattr__` or, with no value, `__delattr__`, of `T` or its nearest
/// base that defines it; with neither, what `object` does (descriptors, such as
/// `#[setter]`s, else `AttributeError`).
///
/// # Safety
/// Called by CPython as the `tp_setattro` of `T`'s type (or a subclass's), attached, with
/// an instance of it, a valid name and a valid value or NULL.
pub unsafe extern "C" fn setattro<T: PyClass>(
    obj: *mut ffi::PyObject,
    name: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
) -> c_int {
    let chain = tables::<T>().chain();
    let func = if value.is_null() {
        chain.filter_map(|t| t.delattr).next()
    } else {
        chain.filter_map(|t| t.setattr).next()
    };
    // SAFETY: CPython calls it attached with valid objects (value may be NULL); the
    // function was generated for T or one of its bases.
    unsafe {
        match func {
            Some(f) => call_assign(obj, name, value, f),
            None => ffi::PyObject_GenericSetAttr(obj, name, value),
        }
    }
}

/// Calls a set or delete method (`value` NULL for a delete) for an assignment slot.
///
/// # Safety
/// Attached, with valid objects (`value` may be NULL), and `func` generated for the
/// class of `obj`.
unsafe fn call_assign(
    obj: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    func: AssignFn,
) -> c_int {
    // SAFETY: per the caller.
    let py = unsafe { Python::assume_attached() };
    let _scope = crate::impl_::context::Scope::object(obj);
    trampoline(py, |py| {
        // SAFETY: valid for the call.
        let (obj, key, value) = unsafe {
            (
                Borrowed::from_ptr(py, obj),
                Borrowed::from_ptr(py, key),
                Borrowed::from_ptr_opt(py, value),
            )
        };
        // SAFETY: generated for the class (the caller's promise).
        unsafe { func(py, obj, key, value) }.map(|()| 0)
    })
}

/// Whether the raised exception is an `AttributeError` (then cleared), for a
/// `__getattr__` slot that only takes over when the normal lookup fails.
///
/// # Safety
/// Call it attached, with an exception raised.
pub unsafe fn attribute_error_raised() -> bool {
    // SAFETY: per the caller.
    unsafe {
        if ffi::PyErr_ExceptionMatches(ffi::PyExc_AttributeError) != 0 {
            ffi::PyErr_Clear();
            true
        } else {
            false
        }
    }
}

/// A numeric binary slot: `a.__op__(b)`, then `b.__rop__(a)`, each method found through
/// the operand's class and its bases, as Python finds them.
unsafe extern "C" fn binary<T: PyClass, const SLOT: c_int>(
    a: *mut ffi::PyObject,
    b: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls it attached with valid operands.
    let py = unsafe { Python::assume_attached() };
    trampoline(py, |py| {
        binary_dispatch::<T>(py, SLOT, a, b).map(Object::into_ptr)
    })
}

/// Whether this dispatcher of `T` answers for `obj`'s side of `slot`: `obj` is a `T`, and
/// its type's slot is `T`'s (a subclass that defines neither `__op__` nor `__rop__`
/// inherits it) or not abide's at all (a Python subclass's, which reaches `T`'s through
/// `super()` or an inherited method). A Rust subclass with a dispatcher of its own
/// answers for its instances itself: CPython calls that one too, as the slot of the
/// operand's type, and it finds the subclass's methods first.
fn serves<T: PyClass>(obj: *mut ffi::PyObject, slot: c_int) -> bool {
    // SAFETY: a valid object; class_of returns a class to release, or NULL; reading a
    // slot of a type object.
    unsafe {
        let tp = crate::compat::py_type(obj);
        let cls = class_of::<T>(obj);
        if cls.is_null() {
            return false;
        }
        // The common case, an operand of exactly `T`, needs no slot lookups.
        let serves = tp == cls || {
            let id = crate::compat::type_slot_id(slot);
            let ours = ffi::PyType_GetSlot(cls, id);
            let its = ffi::PyType_GetSlot(tp, id);
            its == ours || !is_binary_dispatcher(slot, its)
        };
        super::instance::release_class(cls);
        serves
    }
}

/// Whether `func` is the dispatcher abide installed for `slot` in some `#[pyclass]` (the
/// very pointer: the one in the class's table is the one its type holds). Only asked
/// when operands of different classes meet.
fn is_binary_dispatcher(slot: c_int, func: *mut c_void) -> bool {
    inventory::iter::<super::items::ClassItemsEntry>
        .into_iter()
        .flat_map(|e| e.items.binary)
        .any(|b| b.slot == slot && b.dispatcher.as_ptr() == func)
}

fn binary_dispatch<'py, T: PyClass>(
    py: Python<'py>,
    slot: c_int,
    a: *mut ffi::PyObject,
    b: *mut ffi::PyObject,
) -> PyResult<Object<'py>> {
    // SAFETY: valid operands for the call.
    let (ab, bb) = unsafe { (Borrowed::from_ptr(py, a), Borrowed::from_ptr(py, b)) };
    // SAFETY: as above.
    let same_type = unsafe { crate::compat::py_type(a) == crate::compat::py_type(b) };
    for side in [Side::Left, Side::Right] {
        // Python tries the reflected method only when the operands' types differ.
        if side == Side::Right && same_type {
            break;
        }
        let Some(entry) = tables::<T>()
            .chain()
            .find_map(|t| t.binary.iter().find(|e| e.slot == slot && e.side == side))
        else {
            continue;
        };
        let (this, other) = if side == Side::Left {
            (ab, bb)
        } else {
            (bb, ab)
        };
        if !serves::<T>(this.as_ptr(), slot) {
            continue;
        }
        // The operand whose method runs is the receiver (the right one for `__rop__`).
        let _scope = crate::impl_::context::Scope::object(this.as_ptr());
        // SAFETY: generated for T or one of its bases; `this` is a T.
        let result = unsafe { (entry.func)(py, this, other)? };
        // SAFETY: comparing with the immortal NotImplemented.
        if result.as_ptr() != unsafe { ffi::Py_NotImplemented() } {
            return Ok(result);
        }
    }
    Ok(py.NotImplemented())
}

/// `nb_power` and `nb_inplace_power` are ternary; abide's `__pow__`/`__rpow__`/`__ipow__`
/// take no modulo, so a three-argument `pow()` is not implemented.
unsafe extern "C" fn power<T: PyClass, const SLOT: c_int>(
    a: *mut ffi::PyObject,
    b: *mut ffi::PyObject,
    c: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls it attached with valid operands.
    let py = unsafe { Python::assume_attached() };
    trampoline(py, |py| {
        // SAFETY: Py_None is immortal.
        if !c.is_null() && c != unsafe { ffi::Py_None() } {
            return Ok(py.NotImplemented().into_ptr());
        }
        binary_dispatch::<T>(py, SLOT, a, b).map(Object::into_ptr)
    })
}

/// The slot function for binary slot `SLOT` of `T` (`nb_power` and `nb_inplace_power`
/// are ternary). The macros put it in each [`BinaryEntry`](super::items::BinaryEntry), so a
/// class compiles dispatchers for the slots it defines only.
pub const fn binary_dispatcher<T: PyClass, const SLOT: c_int>() -> super::items::SlotFn {
    if SLOT == ffi::Py_nb_power || SLOT == ffi::Py_nb_inplace_power {
        super::items::SlotFn::Ternary(power::<T, SLOT>)
    } else {
        super::items::SlotFn::Binary(binary::<T, SLOT>)
    }
}

/// One dispatcher per binary slot the class implements.
pub(crate) fn binary_slots(tables: &super::build::Tables) -> Vec<(c_int, *mut c_void)> {
    let mut slots: Vec<(c_int, *mut c_void)> = tables
        .binary
        .iter()
        .map(|e| (e.slot, e.dispatcher.as_ptr()))
        .collect();
    slots.sort_unstable_by_key(|&(slot, _)| slot);
    slots.dedup_by_key(|&mut (slot, _)| slot);
    slots
}
