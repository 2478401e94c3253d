"""abide's argument parser against CPython's: the same signatures as abide functions
(`tests/testmod/src/argspec.rs`) and as Python functions, called the same ways; every
call must give the same result, or the same exception with the same message.

A function without parameters is left out: it uses METH_NOARGS, whose messages are
CPython's for builtins (`f() takes no arguments (1 given)`; see test_testmod).

Keyword names are chosen so that CPython adds no "Did you mean" suggestion (which abide
does not make) to an unexpected keyword argument."""

import itertools

import pytest

import testmod

SIGS = [
    ("s_a", "a"),
    ("s_ab", "a, b"),
    ("s_abcd", "a, b, c, d"),
    ("s_a_bdef", "a, b=None"),
    ("s_adef_bdef", "a=None, b=None"),
    ("s_po_a", "a, /"),
    ("s_po_ab", "a, b, /"),
    ("s_po_abc", "a, b, c, /"),
    ("s_po_a_b", "a, /, b"),
    ("s_po_a_bdef", "a, /, b=None"),
    ("s_po_adef", "a=None, /"),
    ("s_po_a_bdef_po", "a, b=None, /, *, c=None"),
    ("s_kw_a", "*, a"),
    ("s_kw_adef", "*, a=None"),
    ("s_a_kw_b", "a, *, b"),
    ("s_a_kw_b_cdef", "a, *, b, c=None"),
    ("s_kw_abc", "*, a, b, c"),
    ("s_po_ab_c_kw_d", "a, b, /, c, *, d"),
    ("s_po_a_kw_b", "a, /, *, b"),
    ("s_args", "*args"),
    ("s_a_args", "a, *args"),
    ("s_a_bdef_args", "a, b=None, *args"),
    ("s_po_ab_args", "a, b, /, *args"),
    ("s_args_kw_a", "*args, a"),
    ("s_args_kw_adef", "*args, a=None"),
    ("s_kwargs", "**kwargs"),
    ("s_a_kwargs", "a, **kwargs"),
    ("s_po_a_kwargs", "a, /, **kwargs"),
    ("s_args_kwargs", "*args, **kwargs"),
    ("s_everything", "a, /, b, *args, c, d=None, **kwargs"),
]


def _python_function(name, sig):
    """A Python function of `sig` returning what it received, as the abide one does."""
    parts = [p.strip() for p in sig.split(",") if p.strip()]
    named = [p.split("=")[0] for p in parts if p not in ("/", "*") and not p.startswith("*")]
    varargs = next((p[1:] for p in parts if p.startswith("*") and not p.startswith("**") and p != "*"), None)
    varkw = next((p[2:] for p in parts if p.startswith("**")), None)
    body = f"return ([{', '.join(named)}], {varargs or 'None'}, {varkw + ' or None' if varkw else 'None'})"
    namespace = {}
    exec(f"def {name}({sig}):\n    {body}\n", namespace)
    return namespace[name]


PYTHON = {name: _python_function(name, sig) for name, sig in SIGS}

POSITIONAL = [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), (1, 2, 3, 4, 5, 6)]
KEYWORDS = [
    {},
    {"a": 10},
    {"b": 20},
    {"a": 10, "b": 20},
    {"c": 30},
    {"d": 40},
    {"c": 30, "d": 40},
    {"a": 10, "b": 20, "c": 30, "d": 40},
    {"z": 90},
    {"b": 20, "z": 90},
    {"args": 1},
    {"kwargs": 1},
    {"\ud800": 1},
]


def _outcome(func, args, kwargs):
    try:
        return ("ok", func(*args, **kwargs))
    except Exception as e:  # noqa: BLE001 - the exception is what is compared
        return (type(e).__name__, str(e))


@pytest.mark.parametrize("name", [name for name, _ in SIGS])
def test_same_as_cpython(name):
    ours = getattr(testmod, name)
    theirs = PYTHON[name]
    mismatches = []
    for args, kwargs in itertools.product(POSITIONAL, KEYWORDS):
        expected = _outcome(theirs, args, kwargs)
        got = _outcome(ours, args, kwargs)
        if got != expected:
            mismatches.append(f"{name}(*{args!r}, **{kwargs!r}):\n  CPython: {expected!r}\n  abide:   {got!r}")
    assert not mismatches, "\n".join(mismatches)


def test_call_count():
    # Every signature meets every call shape: well over a thousand calls.
    assert len(SIGS) * len(POSITIONAL) * len(KEYWORDS) >= 180 * 5
