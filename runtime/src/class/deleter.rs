//! Properties with a `#[deleter]`: CPython has one `set` function per property, called
//! with the new value or with NULL for `del obj.name`, so a property with a deleter gets
//! a dispatcher that calls the setter or the deleter. Which two functions, and the
//! property's name for the message, are in its `closure`.

use super::items::DeleterEntry;
use crate::err::PyResult;
use crate::exceptions::{PyAttributeError, PyValueError};
use crate::ffi;
use crate::impl_::trampoline::trampoline;
use crate::python::Python;
use core::ffi::{CStr, c_int, c_void};

/// What the dispatcher of one property calls.
struct SetOrDelete {
    set: Option<ffi::setter>,
    delete: ffi::setter,
    /// `attribute 'x' of 'mod.C' objects is not writable`, CPython's message for a
    /// getset descriptor without a setter.
    not_writable: String,
}

/// Gives each property that has a deleter the dispatcher (a property with only a deleter
/// gets an entry of its own, without a getter).
pub(super) fn attach(
    getsets: &mut Vec<ffi::PyGetSetDef>,
    deleters: &[&'static DeleterEntry],
    type_name: &str,
) -> PyResult<()> {
    for d in deleters {
        let index = getsets
            .iter()
            // SAFETY: every name in `getsets` was copied from a `&'static CStr`.
            .position(|g| unsafe { CStr::from_ptr(g.name) } == d.name);
        let index = match index {
            Some(i) => i,
            None => {
                getsets.push(ffi::PyGetSetDef {
                    name: d.name.as_ptr(),
                    get: None,
                    set: None,
                    doc: core::ptr::null(),
                    closure: core::ptr::null_mut(),
                });
                getsets.len() - 1
            }
        };
        let entry = &mut getsets[index];
        let name = d
            .name
            .to_str()
            .map_err(|_| PyValueError::new_err("property name is not UTF-8"))?;
        // Leaked with the tables it belongs to (see `build_tables`).
        let target = Box::leak(Box::new(SetOrDelete {
            set: entry.set,
            delete: d.delete,
            not_writable: format!("attribute '{name}' of '{type_name}' objects is not writable"),
        }));
        entry.set = Some(set_or_delete);
        entry.closure = (target as *mut SetOrDelete).cast::<c_void>();
    }
    Ok(())
}

unsafe extern "C" fn set_or_delete(
    slf: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
    closure: *mut c_void,
) -> c_int {
    // SAFETY: `attach` made `closure` point to a leaked `SetOrDelete`.
    let target = unsafe { &*closure.cast::<SetOrDelete>() };
    match (value.is_null(), target.set) {
        // SAFETY: forwarded as CPython passed them.
        (true, _) => unsafe { (target.delete)(slf, value, closure) },
        // SAFETY: as above.
        (false, Some(set)) => unsafe { set(slf, value, closure) },
        (false, None) => {
            // SAFETY: CPython calls setters attached.
            let py = unsafe { Python::assume_attached() };
            trampoline(py, |_| {
                Err::<c_int, _>(PyAttributeError::new_err(target.not_writable.clone()))
            })
        }
    }
}
