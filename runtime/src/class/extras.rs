//! `#[pyclass(dict)]` and `#[pyclass(weakref)]`: the `__dict__` and weak reference list
//! pointers, kept in the class's PEP 697 type data after its Rust value, and announced
//! to CPython as `__dictoffset__` and `__weaklistoffset__` members.
//!
//! Since 3.14 those members may be relative to the type data (`Py_RELATIVE_OFFSET`); before
//! (3.11 to 3.13) they take only offsets from the start of the object, so there the offset
//! is computed from the base's size as CPython lays the type data out (after the base,
//! aligned to `max_align_t`), and the created type's size is checked against that layout.

use super::build::Extras;
use crate::err::PyResult;
use crate::exceptions::PySystemError;
use crate::ffi;
use crate::object::{Borrowed, PyAnyMethods};
use crate::python::Python;
use crate::types::TypeObject;

const PTR: usize = core::mem::size_of::<*mut ffi::PyObject>();
/// `ALIGNOF_MAX_ALIGN_T` on the platforms abide builds for: where the type data starts.
const MAX_ALIGN: usize = 16;

fn round_up(n: usize, to: usize) -> usize {
    n.div_ceil(to) * to
}

/// `base` (NULL for `object`) as a borrowed object.
fn base_object(py: Python<'_>, base: *mut ffi::PyObject) -> Borrowed<'_, '_> {
    let base = if base.is_null() {
        (&raw mut ffi::PyBaseObject_Type).cast()
    } else {
        base
    };
    // SAFETY: a type object that outlives the class being built.
    unsafe { Borrowed::from_ptr(py, base) }
}

fn ssize_attr(obj: Borrowed<'_, '_>, name: &str) -> PyResult<usize> {
    obj.getattr(name)?.extract::<usize>()
}

/// Where the extras go in a class whose Rust value takes `size` bytes: a pointer for
/// each of `__dict__` and the weak references asked for and not already given by the
/// base (an exception has a `__dict__`, a `set` weak references).
pub(crate) fn layout(
    py: Python<'_>,
    size: usize,
    dict: bool,
    weakref: bool,
    base: *mut ffi::PyObject,
) -> PyResult<Extras> {
    let base = base_object(py, base);
    let dict = dict && ssize_attr(base, "__dictoffset__")? == 0;
    let weakref = weakref && ssize_attr(base, "__weakrefoffset__")? == 0;
    let mut at = round_up(size, PTR);
    let mut take = |wanted: bool| {
        wanted.then(|| {
            let here = at;
            at += PTR;
            here
        })
    };
    let dict = take(dict);
    let weaklist = take(weakref);
    Ok(Extras {
        dict,
        weaklist,
        size: if dict.is_some() || weaklist.is_some() {
            at
        } else {
            size
        },
    })
}

/// Where CPython puts the type data of a class on `base` (PEP 697's layout).
fn type_data_offset(base: Borrowed<'_, '_>) -> PyResult<usize> {
    Ok(round_up(ssize_attr(base, "__basicsize__")?, MAX_ALIGN))
}

/// Below 3.12, which has no PEP 697: the offset of the data of a class on `base` whose
/// data takes `size` bytes, and the instance size to create the class with. It is the
/// layout 3.12+ makes for a negative `basicsize`, so the rest of abide (the `dict` and
/// `weakref` offsets, the layout check) is the same on every version.
pub(crate) fn legacy_layout(
    py: Python<'_>,
    size: usize,
    base: *mut ffi::PyObject,
) -> PyResult<(usize, usize)> {
    let offset = type_data_offset(base_object(py, base))?;
    Ok((offset, offset + round_up(size, MAX_ALIGN)))
}

/// The `Py_tp_members` entries announcing the extras, if the class has any.
pub(crate) fn members(
    py: Python<'_>,
    extras: &Extras,
    base: *mut ffi::PyObject,
) -> PyResult<Option<Vec<ffi::PyMemberDef>>> {
    if extras.dict.is_none() && extras.weaklist.is_none() {
        return Ok(None);
    }
    let relative = crate::compat::version() >= 0x030e_0000;
    let start = if relative {
        0
    } else {
        type_data_offset(base_object(py, base))?
    };
    let flags = if relative {
        ffi::Py_READONLY | ffi::Py_RELATIVE_OFFSET
    } else {
        ffi::Py_READONLY
    };
    let member = |name: &'static core::ffi::CStr, at: usize| ffi::PyMemberDef {
        name: name.as_ptr(),
        type_code: ffi::Py_T_PYSSIZET,
        offset: (start + at) as ffi::Py_ssize_t,
        flags,
        doc: core::ptr::null(),
    };
    let mut out = Vec::new();
    if let Some(at) = extras.dict {
        out.push(member(c"__dictoffset__", at));
    }
    if let Some(at) = extras.weaklist {
        out.push(member(c"__weaklistoffset__", at));
    }
    out.push(ffi::PyMemberDef::default());
    Ok(Some(out))
}

/// Before 3.14, where the offsets were computed, checks that CPython laid the type out as
/// they assume; a class whose extras would land elsewhere fails to import instead.
pub(crate) fn check_layout(
    ty: &TypeObject<'_>,
    extras: &Extras,
    base: *mut ffi::PyObject,
) -> PyResult<()> {
    let computed = extras.dict.is_some() || extras.weaklist.is_some();
    if !computed || crate::compat::version() >= 0x030e_0000 {
        return Ok(());
    }
    let py = ty.as_object().py();
    let expected = type_data_offset(base_object(py, base))? + round_up(extras.size, MAX_ALIGN);
    let actual = ssize_attr(ty.as_object().as_borrowed(), "__basicsize__")?;
    if actual != expected {
        return Err(PySystemError::new_err(format!(
            "abide: unexpected instance layout ({actual} bytes, not {expected}) for a class \
             with `dict` or `weakref`"
        )));
    }
    Ok(())
}

/// The address of the pointer at `at` in a level's type data.
///
/// # Safety
/// `data` is the start of the type data of a class whose extras include `at`.
pub(crate) unsafe fn slot(data: *mut u8, at: usize) -> *mut *mut ffi::PyObject {
    // SAFETY: per the caller, inside the type data.
    unsafe { data.add(at).cast() }
}
