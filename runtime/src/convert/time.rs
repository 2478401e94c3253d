//! `std::time::Duration` <-> `datetime.timedelta` and `SystemTime` <-> an aware
//! `datetime.datetime` in UTC, through the `datetime` module's Python API (see
//! `types/datetime.rs`).
//!
//! - A `Duration` becomes `timedelta(days, seconds, microseconds)`; nanoseconds below a
//!   microsecond are dropped (truncated, as PyO3 does); more than 999999999 days raises
//!   `OverflowError`.
//! - A `timedelta` becomes a `Duration`; a negative one raises `ValueError` ("It is not
//!   possible to convert a negative timedelta to a Rust Duration", PyO3's words).
//! - A `SystemTime` becomes `epoch + timedelta` with `epoch` the aware 1970-01-01 UTC, so
//!   an aware datetime in UTC; times before 1970 work both ways (PyO3 panics on them
//!   going out and raises coming in).
//! - A `datetime` becomes `UNIX_EPOCH + (dt - epoch)`: a naive one raises CPython's own
//!   `TypeError` ("can't subtract offset-naive and offset-aware datetimes"), as in PyO3.

use crate::conversion::{FromPyObject, IntoPyObject, type_error};
use crate::convert::cache::Cached;
use crate::err::PyResult;
use crate::exceptions::{PyOverflowError, PyValueError};
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use crate::types::datetime::{
    DATETIME, DAYS, EPOCH, MICROSECONDS, SECONDS, TIMEDELTA, entry, is_instance_in,
};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SECONDS_PER_DAY: u64 = 86_400;

/// `int(getattr(obj, name))` for a cached attribute name.
fn int_attr(obj: *mut ffi::PyObject, name: Borrowed<'_, '_>) -> PyResult<i64> {
    let py = name.py();
    // SAFETY: valid objects; a new reference or NULL with the error set.
    let value =
        unsafe { Object::from_owned_ptr_or_err(py, ffi::PyObject_GetAttr(obj, name.as_ptr()))? };
    i64::extract(value.as_borrowed())
}

/// A timedelta (checked) as (days, seconds, microseconds).
fn delta_parts(entry: &Cached<'_>, obj: Borrowed<'_, '_>) -> PyResult<(i64, i64, i64)> {
    if !is_instance_in(entry, TIMEDELTA, obj.as_ptr()) {
        return Err(type_error(obj, "timedelta"));
    }
    Ok((
        int_attr(obj.as_ptr(), entry.item(DAYS))?,
        int_attr(obj.as_ptr(), entry.item(SECONDS))?,
        int_attr(obj.as_ptr(), entry.item(MICROSECONDS))?,
    ))
}

/// A timedelta keeps 0 <= seconds < 86400 and 0 <= microseconds < 10**6; a subclass
/// could lie, so check instead of trusting.
fn check_parts(seconds: i64, micros: i64) -> PyResult<(u64, u32)> {
    match (u64::try_from(seconds), u32::try_from(micros)) {
        (Ok(s), Ok(us)) if s < SECONDS_PER_DAY && us < 1_000_000 => Ok((s, us)),
        _ => Err(PyValueError::new_err("timedelta attributes out of range")),
    }
}

/// A non-negative timedelta's parts as a `Duration`.
fn duration_from_parts(days: i64, seconds: i64, micros: i64) -> PyResult<Duration> {
    let days = u64::try_from(days).map_err(|_| {
        PyValueError::new_err(
            "It is not possible to convert a negative timedelta to a Rust Duration",
        )
    })?;
    let (seconds, micros) = check_parts(seconds, micros)?;
    Ok(Duration::new(
        days * SECONDS_PER_DAY + seconds,
        micros * 1_000,
    ))
}

impl<'a, 'py> FromPyObject<'a, 'py> for Duration {
    const INPUT_TYPE: &'static str = "datetime.timedelta";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let (days, seconds, micros) = delta_parts(&entry(obj.py())?, obj)?;
        duration_from_parts(days, seconds, micros)
    }
}

/// `timedelta(days, seconds, microseconds)` for a duration.
fn delta_from<'py>(entry: &Cached<'py>, d: Duration) -> PyResult<Object<'py>> {
    let py = entry.py();
    let days = d.as_secs() / SECONDS_PER_DAY;
    let seconds = (d.as_secs() % SECONDS_PER_DAY) as i64;
    let micros = i64::from(d.subsec_micros());
    // Beyond i64, timedelta's own limit (999999999 days) is far exceeded: say so as
    // timedelta would.
    let days = i64::try_from(days)
        .map_err(|_| PyOverflowError::new_err("the duration is too large for a timedelta"))?;
    let days = days.into_pyobject(py)?;
    let seconds = seconds.into_pyobject(py)?;
    let micros = micros.into_pyobject(py)?;
    super::cache::call(
        py,
        entry.item(TIMEDELTA),
        &[days.as_ptr(), seconds.as_ptr(), micros.as_ptr()],
    )
}

impl<'py> IntoPyObject<'py> for Duration {
    const OUTPUT_TYPE: &'static str = "datetime.timedelta";
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        delta_from(&entry(py)?, self)
    }
}

impl<'py> IntoPyObject<'py> for &Duration {
    const OUTPUT_TYPE: &'static str = "datetime.timedelta";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        (*self).into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for SystemTime {
    const INPUT_TYPE: &'static str = "datetime.datetime";
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        let py = obj.py();
        let entry = entry(py)?;
        if !is_instance_in(&entry, DATETIME, obj.as_ptr()) {
            return Err(type_error(obj, "datetime"));
        }
        // SAFETY: valid objects; a new reference or NULL with the error set (CPython's
        // TypeError for a naive datetime).
        let since = unsafe {
            Object::from_owned_ptr_or_err(
                py,
                ffi::PyNumber_Subtract(obj.as_ptr(), entry.item(EPOCH).as_ptr()),
            )?
        };
        let (days, seconds, micros) = delta_parts(&entry, since.as_borrowed())?;
        let overflow =
            || PyOverflowError::new_err("Overflow error when converting the time to Rust");
        if days >= 0 {
            let d = duration_from_parts(days, seconds, micros)?;
            UNIX_EPOCH.checked_add(d).ok_or_else(overflow)
        } else {
            // Before 1970: days < 0 <= seconds, micros; the distance back is
            // -days days minus (seconds, micros).
            let (seconds, micros) = check_parts(seconds, micros)?;
            let back = Duration::from_secs(days.unsigned_abs() * SECONDS_PER_DAY)
                - Duration::new(seconds, micros * 1_000);
            UNIX_EPOCH.checked_sub(back).ok_or_else(overflow)
        }
    }
}

impl<'py> IntoPyObject<'py> for SystemTime {
    const OUTPUT_TYPE: &'static str = "datetime.datetime";
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        let entry = entry(py)?;
        let (delta, op): (_, unsafe extern "C" fn(_, _) -> _) =
            match self.duration_since(UNIX_EPOCH) {
                Ok(after) => (delta_from(&entry, after)?, ffi::PyNumber_Add),
                // Before the epoch: truncate towards the epoch too, as `Duration` does.
                Err(before) => (
                    delta_from(&entry, before.duration())?,
                    ffi::PyNumber_Subtract,
                ),
            };
        // SAFETY: valid objects; a new reference or NULL with the error set
        // (OverflowError beyond year 9999 or before year 1).
        unsafe { Object::from_owned_ptr_or_err(py, op(entry.item(EPOCH).as_ptr(), delta.as_ptr())) }
    }
}

impl<'py> IntoPyObject<'py> for &SystemTime {
    const OUTPUT_TYPE: &'static str = "datetime.datetime";
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Object<'py>> {
        (*self).into_pyobject(py)
    }
}
