//! Dates and times, as a PyO3 user writes them: the `datetime` handles with their
//! constructors and accessors, `Duration` and `SystemTime` parameters and results.

use abide::prelude::*;
use abide::types::{Date, DateTime, Delta, Time, TzInfo};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The parts of a date.
#[pyfunction]
fn date_parts(d: Date<'_>) -> PyResult<(i32, u8, u8)> {
    Ok((d.get_year()?, d.get_month()?, d.get_day()?))
}

/// A new date.
#[pyfunction]
fn make_date(py: Python<'_>, year: i32, month: u8, day: u8) -> PyResult<Date<'_>> {
    Date::new(py, year, month, day)
}

/// The date of a POSIX timestamp (local time).
#[pyfunction]
fn date_from_timestamp(py: Python<'_>, ts: i64) -> PyResult<Date<'_>> {
    Date::from_timestamp(py, ts)
}

/// The parts of a time, and whether it has a time zone.
#[pyfunction]
fn time_parts(t: Time<'_>) -> PyResult<(u8, u8, u8, u32, bool, bool)> {
    Ok((
        t.get_hour()?,
        t.get_minute()?,
        t.get_second()?,
        t.get_microsecond()?,
        t.get_fold()?,
        t.get_tzinfo()?.is_some(),
    ))
}

/// A new time, in UTC if asked.
#[pyfunction(signature = (hour, minute, second, microsecond, utc = false, fold = false))]
fn make_time(
    py: Python<'_>,
    hour: u8,
    minute: u8,
    second: u8,
    microsecond: u32,
    utc: bool,
    fold: bool,
) -> PyResult<Time<'_>> {
    let tz = if utc { Some(TzInfo::utc(py)?) } else { None };
    Time::new_with_fold(py, hour, minute, second, microsecond, tz.as_ref(), fold)
}

/// The parts of a datetime; the time zone's `utcoffset` in seconds, if any.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn datetime_parts(
    dt: DateTime<'_>,
) -> PyResult<((i32, u8, u8), (u8, u8, u8, u32), bool, Option<f64>)> {
    let offset = match dt.get_tzinfo()? {
        Some(tz) => Some(
            tz.call_method1("utcoffset", (&dt,))?
                .call_method0("total_seconds")?
                .extract()?,
        ),
        None => None,
    };
    Ok((
        (dt.get_year()?, dt.get_month()?, dt.get_day()?),
        (
            dt.get_hour()?,
            dt.get_minute()?,
            dt.get_second()?,
            dt.get_microsecond()?,
        ),
        dt.get_fold()?,
        offset,
    ))
}

/// A new datetime, naive or in UTC.
#[pyfunction(signature = (year, month, day, hour = 0, minute = 0, second = 0, microsecond = 0, utc = false))]
#[allow(clippy::too_many_arguments)]
fn make_datetime(
    py: Python<'_>,
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    microsecond: u32,
    utc: bool,
) -> PyResult<DateTime<'_>> {
    let tz = if utc { Some(TzInfo::utc(py)?) } else { None };
    DateTime::new(
        py,
        year,
        month,
        day,
        hour,
        minute,
        second,
        microsecond,
        tz.as_ref(),
    )
}

/// A datetime from a POSIX timestamp, in UTC.
#[pyfunction]
fn datetime_from_timestamp(py: Python<'_>, ts: f64) -> PyResult<DateTime<'_>> {
    DateTime::from_timestamp(py, ts, Some(&TzInfo::utc(py)?))
}

/// The parts of a timedelta.
#[pyfunction]
fn delta_parts(d: Delta<'_>) -> PyResult<(i32, i32, i32)> {
    Ok((d.get_days()?, d.get_seconds()?, d.get_microseconds()?))
}

/// A new timedelta.
#[pyfunction(signature = (days, seconds, microseconds, normalize = true))]
fn make_delta(
    py: Python<'_>,
    days: i32,
    seconds: i32,
    microseconds: i32,
    normalize: bool,
) -> PyResult<Delta<'_>> {
    Delta::new(py, days, seconds, microseconds, normalize)
}

/// `timezone.utc`.
#[pyfunction]
fn utc(py: Python<'_>) -> PyResult<TzInfo<'_>> {
    TzInfo::utc(py)
}

/// A fixed-offset time zone, `minutes` east of UTC.
#[pyfunction]
fn fixed_offset(py: Python<'_>, minutes: i32) -> PyResult<TzInfo<'_>> {
    TzInfo::fixed_offset(py, &Delta::new(py, 0, minutes * 60, 0, true)?)
}

/// Accepts any tzinfo and gives back its `tzname(None)`.
#[pyfunction]
fn tz_name(tz: TzInfo<'_>) -> PyResult<Option<String>> {
    tz.call_method1("tzname", (tz.py().None(),))?.extract()
}

/// A `Duration` back: `timedelta` in, `timedelta` out.
#[pyfunction]
fn duration_id(d: Duration) -> Duration {
    d
}

/// A `Duration` as (seconds, nanoseconds).
#[pyfunction]
fn duration_parts(d: Duration) -> (u64, u32) {
    (d.as_secs(), d.subsec_nanos())
}

/// A `Duration` made in Rust from (seconds, nanoseconds).
#[pyfunction]
fn duration_from(secs: u64, nanos: u32) -> Duration {
    Duration::new(secs, nanos)
}

/// A `SystemTime` back: aware datetime in, aware UTC datetime out.
#[pyfunction]
fn systemtime_id(t: SystemTime) -> SystemTime {
    t
}

/// A `SystemTime` as signed nanoseconds since the Unix epoch.
#[pyfunction]
fn systemtime_nanos(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// A `SystemTime` made in Rust from signed nanoseconds since the Unix epoch.
#[pyfunction]
fn systemtime_from_nanos(nanos: i128) -> Option<SystemTime> {
    let abs = nanos.unsigned_abs();
    let d = Duration::new((abs / 1_000_000_000) as u64, (abs % 1_000_000_000) as u32);
    if nanos >= 0 {
        UNIX_EPOCH.checked_add(d)
    } else {
        UNIX_EPOCH.checked_sub(d)
    }
}

/// `SystemTime::now()`.
#[pyfunction]
fn systemtime_now() -> SystemTime {
    SystemTime::now()
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    for def in [
        wrap_pyfunction!(date_parts),
        wrap_pyfunction!(make_date),
        wrap_pyfunction!(date_from_timestamp),
        wrap_pyfunction!(time_parts),
        wrap_pyfunction!(make_time),
        wrap_pyfunction!(datetime_parts),
        wrap_pyfunction!(make_datetime),
        wrap_pyfunction!(datetime_from_timestamp),
        wrap_pyfunction!(delta_parts),
        wrap_pyfunction!(make_delta),
        wrap_pyfunction!(utc),
        wrap_pyfunction!(fixed_offset),
        wrap_pyfunction!(tz_name),
        wrap_pyfunction!(duration_id),
        wrap_pyfunction!(duration_parts),
        wrap_pyfunction!(duration_from),
        wrap_pyfunction!(systemtime_id),
        wrap_pyfunction!(systemtime_nanos),
        wrap_pyfunction!(systemtime_from_nanos),
        wrap_pyfunction!(systemtime_now),
    ] {
        m.add_function(def)?;
    }
    Ok(())
}
