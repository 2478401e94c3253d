"""Dates and times: the datetime handles (Date, Time, DateTime, Delta, TzInfo) check
their argument's type and read it; Duration <-> timedelta and SystemTime <-> aware UTC
datetime round-trip."""

import datetime as dt
import threading

import pytest

import testmod as t

UTC = dt.timezone.utc


class MyDate(dt.date):
    pass


class MyDelta(dt.timedelta):
    pass


class FakeClass:
    """Claims to be a date through __class__, but is not one."""

    @property
    def __class__(self):
        return dt.date

    year = 2000
    month = 1
    day = 1


def test_date_accepts_date_subclass_and_datetime():
    assert t.date_parts(dt.date(2024, 2, 29)) == (2024, 2, 29)
    assert t.date_parts(MyDate(1, 1, 1)) == (1, 1, 1)
    assert t.date_parts(dt.datetime(9999, 12, 31, 23, 59)) == (9999, 12, 31)


def test_every_handle_rejects_other_types():
    cases = [
        (t.date_parts, "date", [dt.time(1), dt.timedelta(1), 5, "2024-01-01", FakeClass()]),
        (t.time_parts, "time", [dt.datetime(2000, 1, 1), dt.date(2000, 1, 1), 1.5]),
        (t.datetime_parts, "datetime", [dt.date(2000, 1, 1), dt.time(), None]),
        (t.delta_parts, "timedelta", [dt.datetime(2000, 1, 1), 3600, "1h"]),
        (t.tz_name, "tzinfo", [dt.datetime(2000, 1, 1), "UTC", 0]),
    ]
    for f, name, bad in cases:
        for value in bad:
            with pytest.raises(TypeError) as info:
                f(value)
            got = type(value).__name__ if not isinstance(value, FakeClass) else "FakeClass"
            assert str(info.value).endswith(f"'{got}' object is not an instance of '{name}'"), (f, value, str(info.value))


def test_date_constructor():
    d = t.make_date(2024, 2, 29)
    assert type(d) is dt.date
    assert d == dt.date(2024, 2, 29)
    with pytest.raises(ValueError, match="day"):
        t.make_date(2023, 2, 29)
    assert t.date_from_timestamp(0) == dt.date.fromtimestamp(0)


def test_time_constructor_and_accessors():
    tm = t.make_time(13, 14, 15, 16)
    assert tm == dt.time(13, 14, 15, 16)
    assert tm.tzinfo is None
    assert t.time_parts(tm) == (13, 14, 15, 16, False, False)
    aware = t.make_time(1, 2, 3, 4, utc=True, fold=True)
    assert aware.tzinfo is UTC
    assert aware.fold == 1
    assert t.time_parts(aware) == (1, 2, 3, 4, True, True)
    with pytest.raises(ValueError, match="hour must be in 0..23"):
        t.make_time(24, 0, 0, 0)


def test_datetime_constructor_and_accessors():
    naive = t.make_datetime(2020, 2, 3, 4, 5, 6, 7)
    assert type(naive) is dt.datetime
    assert naive == dt.datetime(2020, 2, 3, 4, 5, 6, 7)
    assert naive.tzinfo is None
    assert t.datetime_parts(naive) == ((2020, 2, 3), (4, 5, 6, 7), False, None)
    aware = t.make_datetime(2020, 2, 3, utc=True)
    assert aware.tzinfo is UTC
    assert t.datetime_parts(aware) == ((2020, 2, 3), (0, 0, 0, 0), False, 0.0)
    other = dt.datetime(2021, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=-5)), fold=1)
    assert t.datetime_parts(other) == ((2021, 1, 1), (12, 0, 0, 0), True, -18000.0)
    assert t.datetime_from_timestamp(86400.5) == dt.datetime(1970, 1, 2, 0, 0, 0, 500000, tzinfo=UTC)


def test_delta_constructor_and_accessors():
    d = t.make_delta(1, 2, 3)
    assert d == dt.timedelta(days=1, seconds=2, microseconds=3)
    assert t.delta_parts(dt.timedelta(seconds=-1)) == (-1, 86399, 0)
    assert t.delta_parts(MyDelta(hours=25)) == (1, 3600, 0)
    assert t.make_delta(0, 90000, 0) == dt.timedelta(days=1, seconds=3600)
    with pytest.raises(ValueError, match="is not normalized"):
        t.make_delta(0, 90000, 0, normalize=False)
    with pytest.raises(OverflowError):
        t.make_delta(1_000_000_000, 0, 0)


def test_tzinfo():
    assert t.utc() is UTC
    tz = t.fixed_offset(90)
    assert tz == dt.timezone(dt.timedelta(minutes=90))
    assert t.tz_name(UTC) == "UTC"
    assert t.tz_name(tz) == "UTC+01:30"
    with pytest.raises(ValueError):
        t.fixed_offset(24 * 60)

    class MyTz(dt.tzinfo):
        def tzname(self, _):
            return "mine"

    assert t.tz_name(MyTz()) == "mine"


def test_duration_round_trip():
    for d in [dt.timedelta(0), dt.timedelta(microseconds=1), dt.timedelta(days=1, seconds=1, microseconds=1), dt.timedelta.max]:
        assert t.duration_id(d) == d
        assert type(t.duration_id(d)) is dt.timedelta
    assert t.duration_parts(dt.timedelta(days=2, seconds=3, microseconds=4)) == (2 * 86400 + 3, 4000)
    assert t.duration_parts(dt.timedelta.max) == (86399999999999, 999999000)
    assert t.duration_parts(MyDelta(seconds=5)) == (5, 0)


def test_duration_sub_microsecond_truncates():
    assert t.duration_from(0, 1) == dt.timedelta(0)
    assert t.duration_from(0, 999) == dt.timedelta(0)
    assert t.duration_from(0, 1999) == dt.timedelta(microseconds=1)
    assert t.duration_from(1, 999_999_999) == dt.timedelta(seconds=1, microseconds=999999)
    assert t.duration_from(86400 * 3 + 7, 0) == dt.timedelta(days=3, seconds=7)


def test_duration_errors():
    with pytest.raises(ValueError, match="argument 'd': It is not possible to convert a negative timedelta to a Rust Duration$"):
        t.duration_id(dt.timedelta(microseconds=-1))
    with pytest.raises(OverflowError):
        t.duration_from(86400 * 1_000_000_000, 0)
    with pytest.raises(OverflowError):
        t.duration_from(2**64 - 1, 0)
    with pytest.raises(TypeError, match="'float' object cannot be converted to 'timedelta'"):
        t.duration_id(1.5)


def test_systemtime_round_trip():
    for value in [
        dt.datetime(1970, 1, 1, tzinfo=UTC),
        dt.datetime(2020, 2, 3, 4, 5, 6, 7, tzinfo=UTC),
        dt.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        dt.datetime(1900, 6, 1, 12, 0, 0, 1, tzinfo=UTC),
        dt.datetime(1, 1, 1, tzinfo=UTC),
        dt.datetime.max.replace(tzinfo=UTC),
    ]:
        out = t.systemtime_id(value)
        assert out == value
        assert out.tzinfo is UTC
    assert t.systemtime_nanos(dt.datetime(2020, 2, 3, 4, 5, 6, 7, tzinfo=UTC)) == 1580702706_000007000
    assert t.systemtime_nanos(dt.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)) == -1_000_000_000
    assert t.systemtime_nanos(dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC)) == -500_000_000


def test_systemtime_other_zones_convert_to_utc():
    plus2 = dt.timezone(dt.timedelta(hours=2))
    value = dt.datetime(1970, 1, 1, 2, 0, 1, tzinfo=plus2)
    assert t.systemtime_nanos(value) == 1_000_000_000
    out = t.systemtime_id(value)
    assert out == value
    assert out.tzinfo is UTC
    assert out.hour == 0


def test_systemtime_from_rust():
    assert t.systemtime_from_nanos(0) == dt.datetime(1970, 1, 1, tzinfo=UTC)
    assert t.systemtime_from_nanos(1_500) == dt.datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC)
    # Before 1970 the sub-microsecond part is truncated towards the epoch too.
    assert t.systemtime_from_nanos(-1_500) == dt.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert t.systemtime_from_nanos(-86400 * 10**9) == dt.datetime(1969, 12, 31, tzinfo=UTC)
    now = t.systemtime_now()
    assert now.tzinfo is UTC
    assert abs((dt.datetime.now(UTC) - now).total_seconds()) < 60


def test_systemtime_errors():
    with pytest.raises(TypeError, match="can't subtract offset-naive and offset-aware datetimes"):
        t.systemtime_id(dt.datetime(2020, 1, 1))
    with pytest.raises(TypeError, match="'date' object cannot be converted to 'datetime'"):
        t.systemtime_id(dt.date(2020, 1, 1))
    with pytest.raises(OverflowError):
        t.systemtime_from_nanos(300_000_000_000 * 10**9)


def test_patched_module_changes_nothing_after_first_use():
    t.duration_id(dt.timedelta(1))
    original = dt.timedelta

    class Fake:
        pass

    dt.timedelta = Fake
    try:
        out = t.duration_from(5, 0)
        assert type(out) is original
        assert t.duration_id(original(seconds=5)) == original(seconds=5)
    finally:
        dt.timedelta = original


def test_threads_each_convert():
    results = []

    def work():
        results.append(t.duration_id(dt.timedelta(seconds=3)) == dt.timedelta(seconds=3) and t.utc() is UTC)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [True] * 4


def test_subinterpreter_uses_its_own_datetime():
    # Each interpreter has its own `datetime` module; abide keeps what it caches per
    # thread state, so a subinterpreter converts with its own classes.
    import sys

    t.duration_id(dt.timedelta(1))  # the main interpreter's entry exists first
    code = f"""
import sys
sys.path[:] = {sys.path!r}
import datetime as dt
import pathlib
import testmod as t
assert type(t.duration_from(5, 0)) is dt.timedelta
assert t.duration_id(dt.timedelta(seconds=7)) == dt.timedelta(seconds=7)
assert t.utc() is dt.timezone.utc
assert t.systemtime_id(dt.datetime(2001, 2, 3, tzinfo=dt.timezone.utc)).year == 2001
assert t.date_parts(dt.date(2000, 1, 2)) == (2000, 1, 2)
assert type(t.path_id("x")) is type(pathlib.Path("x"))
"""
    assert run_in_subinterpreter(code) is None
    assert t.utc() is UTC


def run_in_subinterpreter(code):
    """Runs `code` in a new subinterpreter (its own GIL from 3.12 on); None if it ran
    through, else what failed."""
    import sys

    if sys.version_info >= (3, 13):
        import _interpreters

        interp = _interpreters.create()
        try:
            return _interpreters.exec(interp, code)
        finally:
            _interpreters.destroy(interp)
    import _xxsubinterpreters as interpreters  # 3.11 and 3.12

    interp = interpreters.create()
    try:
        interpreters.run_string(interp, code)
        return None
    except interpreters.RunFailedError as e:
        return str(e)
    finally:
        interpreters.destroy(interp)
