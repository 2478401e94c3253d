//! Handles for the `datetime` module's objects: [`Date`], [`Time`], [`DateTime`],
//! [`Delta`] and [`TzInfo`].
//!
//! The `datetime` C API (`PyDateTime_CAPI`) is not part of the Limited API, so everything
//! here goes through the module's Python API, as PyO3's abi3 builds do: constructors call
//! the classes, accessors read attributes. The classes are imported once per thread and
//! interpreter and kept in the thread state (see `convert/cache.rs` for why there and not
//! in a static or in module state). A type check compares the object's real type with the
//! class (`PyType_IsSubtype`), so a `__class__` property cannot fake it and no Python code
//! runs; a subclass of `datetime.date` is a `Date`, and a `datetime.datetime` is a `Date`
//! too, as in Python.
//!
//! Unlike PyO3's `get_year()` and friends, which read C struct fields, the accessors here
//! read attributes and so return `PyResult` (a subclass could override them).

use crate::conversion::FromPyObject;
use crate::convert::cache::{self, Cached};
use crate::err::PyResult;
use crate::exceptions::PyValueError;
use crate::ffi;
use crate::object::{Object, PyAnyMethods};
use crate::python::Python;
use core::ffi::c_int;

/// The key of the cached entry, naming its layout (the indices below).
const KEY: &core::ffi::CStr = c"abide.datetime.1";
pub(crate) const DATE: usize = 0;
pub(crate) const TIME: usize = 1;
pub(crate) const DATETIME: usize = 2;
pub(crate) const TIMEDELTA: usize = 3;
pub(crate) const TZINFO: usize = 4;
pub(crate) const UTC: usize = 5;
/// `datetime(1970, 1, 1, tzinfo=timezone.utc)`.
pub(crate) const EPOCH: usize = 6;
/// The attribute names `days`, `seconds`, `microseconds` (for `Duration`).
pub(crate) const DAYS: usize = 7;
pub(crate) const SECONDS: usize = 8;
pub(crate) const MICROSECONDS: usize = 9;
const LEN: usize = 10;

fn build(py: Python<'_>) -> PyResult<Object<'_>> {
    let mut items = cache::import_attrs(
        py,
        c"datetime",
        &[
            c"date",
            c"time",
            c"datetime",
            c"timedelta",
            c"tzinfo",
            c"timezone",
        ],
    )?;
    let utc = items.pop().expect("six attributes").getattr("utc")?;
    let kwargs = crate::types::Dict::new(py)?;
    kwargs.set("tzinfo", &utc)?;
    let epoch = items[DATETIME].call((1970, 1, 1), Some(&kwargs))?;
    items.push(utc);
    items.push(epoch);
    for name in ["days", "seconds", "microseconds"] {
        items.push(crate::types::str_from_rust(py, name)?);
    }
    crate::types::Tuple::new(py, items).map(crate::types::Tuple::into_object)
}

/// This thread's entry for the current interpreter.
#[inline]
pub(crate) fn entry(py: Python<'_>) -> PyResult<Cached<'_>> {
    cache::get(py, KEY, LEN, build)
}

/// Whether `obj`'s real type is the class at `index` of `entry` or a subclass of it.
#[inline]
pub(crate) fn is_instance_in(entry: &Cached<'_>, index: usize, obj: *mut ffi::PyObject) -> bool {
    let class = entry.item(index).as_ptr();
    // SAFETY: valid objects; `class` is read as a type only once checked to be one.
    unsafe {
        crate::compat::type_check(class) != 0
            && ffi::PyType_IsSubtype(crate::compat::py_type(obj), class.cast()) != 0
    }
}

/// Whether `obj`'s real type is the cached class at `index` or a subclass of it.
///
/// # Safety
/// Attached; `obj` a valid object.
unsafe fn is_instance(obj: *mut ffi::PyObject, index: usize) -> c_int {
    // SAFETY: attached, per the caller.
    let py = unsafe { Python::assume_attached() };
    match entry(py) {
        Ok(entry) => is_instance_in(&entry, index, obj) as c_int,
        Err(_) => 0,
    }
}

macro_rules! checks {
    ($($name:ident => $index:ident),*) => {$(
        /// # Safety
        /// Attached; `obj` a valid object.
        unsafe fn $name(obj: *mut ffi::PyObject) -> c_int {
            // SAFETY: forwarded.
            unsafe { is_instance(obj, $index) }
        }
    )*};
}

checks!(is_date => DATE, is_time => TIME, is_datetime => DATETIME, is_delta => TIMEDELTA,
    is_tzinfo => TZINFO);

super::object_wrapper!(
    /// A `datetime.date` (PyO3's `PyDate`); a `datetime.datetime` is one too.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Date;
    ///
    /// /// The first day of the date's month.
    /// #[pyfunction]
    /// fn first_of_month<'py>(d: Date<'py>) -> PyResult<Date<'py>> {
    ///     Date::new(d.py(), d.get_year()?, d.get_month()?, 1)
    /// }
    /// ```
    Date,
    is_date,
    "date"
);

super::object_wrapper!(
    /// A `datetime.time` (PyO3's `PyTime`).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Time;
    ///
    /// /// Seconds since midnight.
    /// #[pyfunction]
    /// fn seconds(t: Time<'_>) -> PyResult<u32> {
    ///     Ok(t.get_hour()? as u32 * 3600 + t.get_minute()? as u32 * 60 + t.get_second()? as u32)
    /// }
    /// ```
    Time,
    is_time,
    "time"
);

super::object_wrapper!(
    /// A `datetime.datetime` (PyO3's `PyDateTime`).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::{DateTime, TzInfo};
    ///
    /// /// Noon UTC on the given day.
    /// #[pyfunction]
    /// fn noon_utc(py: Python<'_>, year: i32, month: u8, day: u8) -> PyResult<DateTime<'_>> {
    ///     DateTime::new(py, year, month, day, 12, 0, 0, 0, Some(&TzInfo::utc(py)?))
    /// }
    /// ```
    DateTime,
    is_datetime,
    "datetime"
);

super::object_wrapper!(
    /// A `datetime.timedelta` (PyO3's `PyDelta`).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Delta;
    ///
    /// /// The whole seconds of a timedelta.
    /// #[pyfunction]
    /// fn whole_seconds(d: Delta<'_>) -> PyResult<i64> {
    ///     Ok(d.get_days()? as i64 * 86_400 + d.get_seconds()? as i64)
    /// }
    /// ```
    Delta,
    is_delta,
    "timedelta"
);

super::object_wrapper!(
    /// A `datetime.tzinfo` (PyO3's `PyTzInfo`), such as `datetime.timezone.utc`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::{DateTime, TzInfo};
    ///
    /// /// Whether the datetime is in UTC.
    /// #[pyfunction]
    /// fn is_utc(dt: DateTime<'_>) -> PyResult<bool> {
    ///     match dt.get_tzinfo()? {
    ///         Some(tz) => tz.as_object().eq(TzInfo::utc(dt.py())?),
    ///         None => Ok(false),
    ///     }
    /// }
    /// ```
    TzInfo,
    is_tzinfo,
    "tzinfo"
);

/// The object `make` builds from `entry`, checked to be an instance of the class at
/// `index` (a `TypeError` otherwise), then wrapped by `wrap`.
fn checked<'py, T>(
    py: Python<'py>,
    index: usize,
    name: &str,
    make: impl FnOnce(&Cached<'py>) -> PyResult<Object<'py>>,
    wrap: unsafe fn(Object<'py>) -> T,
) -> PyResult<T> {
    let entry = entry(py)?;
    let obj = make(&entry)?;
    if is_instance_in(&entry, index, obj.as_ptr()) {
        // SAFETY: just checked to be of the handle's type.
        Ok(unsafe { wrap(obj) })
    } else {
        Err(crate::conversion::type_error(obj.as_borrowed(), name))
    }
}

/// Calls the cached class at `index` with `args` and `kwargs`, checking that it made an
/// instance of it.
fn construct<'py, T>(
    py: Python<'py>,
    index: usize,
    name: &str,
    args: impl crate::conversion::IntoCallArgs<'py>,
    kwargs: Option<&crate::types::Dict<'py>>,
    wrap: unsafe fn(Object<'py>) -> T,
) -> PyResult<T> {
    checked(
        py,
        index,
        name,
        |e| e.item(index).to_owned().call(args, kwargs),
        wrap,
    )
}

/// `tzinfo=..., fold=...` keyword arguments, or `None` when both are defaults.
fn tz_kwargs<'py>(
    py: Python<'py>,
    tzinfo: Option<&TzInfo<'py>>,
    fold: bool,
) -> PyResult<Option<crate::types::Dict<'py>>> {
    if tzinfo.is_none() && !fold {
        return Ok(None);
    }
    let kwargs = crate::types::Dict::new(py)?;
    if let Some(tz) = tzinfo {
        kwargs.set("tzinfo", tz)?;
    }
    if fold {
        kwargs.set("fold", 1)?;
    }
    Ok(Some(kwargs))
}

/// Reads an attribute and converts it.
fn attr<'py, T: for<'a> FromPyObject<'a, 'py>>(obj: &Object<'py>, name: &str) -> PyResult<T> {
    obj.getattr(name)?.extract()
}

/// The `tzinfo` attribute: `None` or a `TzInfo`.
fn tzinfo_of<'py>(obj: &Object<'py>) -> PyResult<Option<TzInfo<'py>>> {
    let tz = obj.getattr("tzinfo")?;
    if tz.is_none() {
        Ok(None)
    } else {
        tz.extract().map(Some)
    }
}

macro_rules! date_accessors {
    () => {
        /// The year (`self.year`), 1 to 9999.
        pub fn get_year(&self) -> PyResult<i32> {
            attr(&self.0, "year")
        }

        /// The month (`self.month`), 1 to 12.
        pub fn get_month(&self) -> PyResult<u8> {
            attr(&self.0, "month")
        }

        /// The day of the month (`self.day`), 1 to 31.
        pub fn get_day(&self) -> PyResult<u8> {
            attr(&self.0, "day")
        }
    };
}

macro_rules! time_accessors {
    () => {
        /// The hour (`self.hour`), 0 to 23.
        pub fn get_hour(&self) -> PyResult<u8> {
            attr(&self.0, "hour")
        }

        /// The minute (`self.minute`), 0 to 59.
        pub fn get_minute(&self) -> PyResult<u8> {
            attr(&self.0, "minute")
        }

        /// The second (`self.second`), 0 to 59.
        pub fn get_second(&self) -> PyResult<u8> {
            attr(&self.0, "second")
        }

        /// The microsecond (`self.microsecond`), 0 to 999999.
        pub fn get_microsecond(&self) -> PyResult<u32> {
            attr(&self.0, "microsecond")
        }

        /// `self.fold`: whether this is the second of two equal wall times (PEP 495).
        pub fn get_fold(&self) -> PyResult<bool> {
            Ok(attr::<u8>(&self.0, "fold")? != 0)
        }

        /// `self.tzinfo`: the time zone, `None` for a naive value.
        pub fn get_tzinfo(&self) -> PyResult<Option<TzInfo<'py>>> {
            tzinfo_of(&self.0)
        }
    };
}

impl<'py> Date<'py> {
    /// `datetime.date(year, month, day)`; `ValueError` for a day that does not exist.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Date;
    ///
    /// fn new_year(py: Python<'_>) -> PyResult<Date<'_>> {
    ///     Date::new(py, 2026, 1, 1)
    /// }
    /// ```
    pub fn new(py: Python<'py>, year: i32, month: u8, day: u8) -> PyResult<Date<'py>> {
        construct(
            py,
            DATE,
            "date",
            (year, month, day),
            None,
            Date::from_object_unchecked,
        )
    }

    /// `datetime.date.fromtimestamp(timestamp)`: the local date at a POSIX timestamp.
    pub fn from_timestamp(py: Python<'py>, timestamp: i64) -> PyResult<Date<'py>> {
        checked(
            py,
            DATE,
            "date",
            |e| {
                e.item(DATE)
                    .to_owned()
                    .call_method1("fromtimestamp", (timestamp,))
            },
            Date::from_object_unchecked,
        )
    }

    date_accessors!();
}

impl<'py> DateTime<'py> {
    /// `datetime.datetime(year, month, day, hour, minute, second, microsecond,
    /// tzinfo=tzinfo)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::{DateTime, TzInfo};
    ///
    /// fn launch(py: Python<'_>) -> PyResult<DateTime<'_>> {
    ///     DateTime::new(py, 1969, 7, 16, 13, 32, 0, 0, Some(&TzInfo::utc(py)?))
    /// }
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        py: Python<'py>,
        year: i32,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        microsecond: u32,
        tzinfo: Option<&TzInfo<'py>>,
    ) -> PyResult<DateTime<'py>> {
        DateTime::new_with_fold(
            py,
            year,
            month,
            day,
            hour,
            minute,
            second,
            microsecond,
            tzinfo,
            false,
        )
    }

    /// As [`new`](Self::new), with `fold` (PEP 495: the second of two equal wall times).
    #[allow(clippy::too_many_arguments)]
    pub fn new_with_fold(
        py: Python<'py>,
        year: i32,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        microsecond: u32,
        tzinfo: Option<&TzInfo<'py>>,
        fold: bool,
    ) -> PyResult<DateTime<'py>> {
        let kwargs = tz_kwargs(py, tzinfo, fold)?;
        construct(
            py,
            DATETIME,
            "datetime",
            (year, month, day, hour, minute, second, microsecond),
            kwargs.as_ref(),
            DateTime::from_object_unchecked,
        )
    }

    /// `datetime.datetime.fromtimestamp(timestamp, tz)`: local time when `tzinfo` is
    /// `None`.
    pub fn from_timestamp(
        py: Python<'py>,
        timestamp: f64,
        tzinfo: Option<&TzInfo<'py>>,
    ) -> PyResult<DateTime<'py>> {
        let tz = match tzinfo {
            Some(tz) => tz.as_object().clone(),
            None => py.None(),
        };
        checked(
            py,
            DATETIME,
            "datetime",
            |e| {
                e.item(DATETIME)
                    .to_owned()
                    .call_method1("fromtimestamp", (timestamp, tz))
            },
            DateTime::from_object_unchecked,
        )
    }

    date_accessors!();
    time_accessors!();
}

impl<'py> Time<'py> {
    /// `datetime.time(hour, minute, second, microsecond, tzinfo=tzinfo)`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Time;
    ///
    /// fn teatime(py: Python<'_>) -> PyResult<Time<'_>> {
    ///     Time::new(py, 16, 0, 0, 0, None)
    /// }
    /// ```
    pub fn new(
        py: Python<'py>,
        hour: u8,
        minute: u8,
        second: u8,
        microsecond: u32,
        tzinfo: Option<&TzInfo<'py>>,
    ) -> PyResult<Time<'py>> {
        Time::new_with_fold(py, hour, minute, second, microsecond, tzinfo, false)
    }

    /// As [`new`](Self::new), with `fold` (PEP 495).
    pub fn new_with_fold(
        py: Python<'py>,
        hour: u8,
        minute: u8,
        second: u8,
        microsecond: u32,
        tzinfo: Option<&TzInfo<'py>>,
        fold: bool,
    ) -> PyResult<Time<'py>> {
        let kwargs = tz_kwargs(py, tzinfo, fold)?;
        construct(
            py,
            TIME,
            "time",
            (hour, minute, second, microsecond),
            kwargs.as_ref(),
            Time::from_object_unchecked,
        )
    }

    time_accessors!();
}

impl<'py> Delta<'py> {
    /// `datetime.timedelta(days, seconds, microseconds)`.
    ///
    /// Python always normalizes (`0 <= seconds < 86400`, `0 <= microseconds < 10**6`,
    /// the sign in `days`); with `normalize = false`, as in PyO3, values outside those
    /// ranges raise `ValueError` instead.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Delta;
    ///
    /// fn ninety_minutes(py: Python<'_>) -> PyResult<Delta<'_>> {
    ///     Delta::new(py, 0, 90 * 60, 0, true)
    /// }
    /// ```
    pub fn new(
        py: Python<'py>,
        days: i32,
        seconds: i32,
        microseconds: i32,
        normalize: bool,
    ) -> PyResult<Delta<'py>> {
        if !normalize
            && (!(0..86_400).contains(&seconds) || !(0..1_000_000).contains(&microseconds))
        {
            return Err(PyValueError::new_err(format!(
                "timedelta(days={days}, seconds={seconds}, microseconds={microseconds}) is not normalized"
            )));
        }
        construct(
            py,
            TIMEDELTA,
            "timedelta",
            (days, seconds, microseconds),
            None,
            Delta::from_object_unchecked,
        )
    }

    /// The days (`self.days`), negative for a negative timedelta.
    pub fn get_days(&self) -> PyResult<i32> {
        attr(&self.0, "days")
    }

    /// The seconds within the day (`self.seconds`), 0 to 86399.
    pub fn get_seconds(&self) -> PyResult<i32> {
        attr(&self.0, "seconds")
    }

    /// The microseconds within the second (`self.microseconds`), 0 to 999999.
    pub fn get_microseconds(&self) -> PyResult<i32> {
        attr(&self.0, "microseconds")
    }
}

impl<'py> TzInfo<'py> {
    /// `datetime.timezone.utc` (as first seen by this thread in this interpreter).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::{DateTime, TzInfo};
    ///
    /// fn epoch(py: Python<'_>) -> PyResult<DateTime<'_>> {
    ///     DateTime::new(py, 1970, 1, 1, 0, 0, 0, 0, Some(&TzInfo::utc(py)?))
    /// }
    /// ```
    pub fn utc(py: Python<'py>) -> PyResult<TzInfo<'py>> {
        checked(
            py,
            TZINFO,
            "tzinfo",
            |e| Ok(e.item(UTC).to_owned()),
            TzInfo::from_object_unchecked,
        )
    }

    /// `datetime.timezone(offset)`: a fixed offset from UTC (strictly between -24 and 24
    /// hours, else `ValueError`).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::{Delta, TzInfo};
    ///
    /// fn cest(py: Python<'_>) -> PyResult<TzInfo<'_>> {
    ///     TzInfo::fixed_offset(py, &Delta::new(py, 0, 2 * 3600, 0, true)?)
    /// }
    /// ```
    pub fn fixed_offset(py: Python<'py>, offset: &Delta<'py>) -> PyResult<TzInfo<'py>> {
        // `type(timezone.utc)` is `datetime.timezone`.
        checked(
            py,
            TZINFO,
            "tzinfo",
            |e| e.item(UTC).get_type().as_object().call1((offset,)),
            TzInfo::from_object_unchecked,
        )
    }
}
