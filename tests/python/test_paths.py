"""Paths and OS strings: PathBuf, &Path, Cow<Path>, OsString and &OsStr take str,
bytes, pathlib.Path and any os.PathLike (through os.fspath); paths come back as
pathlib.Path, OS strings as str; names that are not UTF-8 round-trip."""

import os
import pathlib
import sys

import pytest

import testmod as t


class Custom:
    """A user-defined os.PathLike."""

    def __init__(self, value):
        self.value = value

    def __fspath__(self):
        return self.value


def test_str_in_path_out():
    out = t.path_id("/tmp/x.txt")
    assert type(out) is type(pathlib.Path("/"))
    assert out == pathlib.Path("/tmp/x.txt")


def test_pathlike_inputs():
    for value in ["a/b", pathlib.Path("a/b"), pathlib.PurePosixPath("a/b"), Custom("a/b"), b"a/b", Custom(b"a/b")]:
        assert t.path_id(value) == pathlib.Path("a/b"), value
        assert t.os_id(value) == "a/b", value
        assert t.os_len(value) == 3, value


def test_file_name_length():
    assert t.path_in("/usr/lib/python3.so") == len("python3.so")
    assert t.path_in(pathlib.Path("/")) == 0
    assert t.path_in("dir/é") == 2


def test_borrowed_path_param():
    assert t.path_parent("/a/b/c") == pathlib.Path("/a/b")
    assert t.path_parent("/") is None
    assert t.path_join("/a", pathlib.Path("b")) == pathlib.Path("/a/b")
    assert t.path_cow(Custom("x/y")) == pathlib.Path("x/y")


def test_os_string_out_is_str():
    out = t.os_id(pathlib.Path("é/ü"))
    assert type(out) is str
    assert out == "é/ü"


def test_non_utf8_round_trip():
    raw = b"caf\xe9-\xff\xfe.txt"
    # Rust -> Python: a str with lone surrogates, as os.fsdecode makes it.
    name = t.os_from_bytes(raw)
    assert name == os.fsdecode(raw)
    assert os.fsencode(name) == raw
    path = t.path_from_bytes(raw)
    assert isinstance(path, pathlib.Path)
    assert os.fsencode(path) == raw
    # Python -> Rust: the original bytes again, from the str, the Path or bytes.
    assert bytes(t.path_bytes(name)) == raw
    assert bytes(t.path_bytes(path)) == raw
    assert bytes(t.path_bytes(raw)) == raw
    assert t.os_len(name) == len(raw)
    # And the whole way round.
    assert bytes(t.path_bytes(t.path_id(raw))) == raw


def test_wrong_type_error_is_cpythons():
    with pytest.raises(TypeError) as info:
        os.fspath(5)
    expected = str(info.value)
    assert expected == "expected str, bytes or os.PathLike object, not int"
    for f, name in [(t.path_id, "p"), (t.path_in, "p"), (t.path_parent, "p"), (t.os_id, "s"), (t.os_len, "s"), (t.path_cow, "p")]:
        with pytest.raises(TypeError) as info:
            f(5)
        # The argument layer names the argument, as CPython's own functions do.
        assert str(info.value) == f"{f.__name__}() argument '{name}': {expected}"
    with pytest.raises(TypeError, match="expected str, bytes or os.PathLike object, not list"):
        t.path_id(["a"])


def test_bad_fspath():
    class Bad:
        def __fspath__(self):
            return 5

    with pytest.raises(TypeError, match=r"expected Bad.__fspath__\(\) to return str or bytes, not int"):
        t.path_id(Bad())

    class Raises:
        def __fspath__(self):
            raise ValueError("no path here")

    with pytest.raises(ValueError, match="no path here"):
        t.os_id(Raises())


def test_embedded_nul_round_trips():
    # Rust paths may hold NUL; so may Python strings.
    assert t.os_id("a\0b") == "a\0b"


def test_option_and_vec():
    assert t.path_opt() == "none"
    assert t.path_opt(pathlib.Path("/x")) == "/x"
    assert t.paths_count(["a", pathlib.Path("b"), b"c"]) == 3


def test_patched_pathlib_cannot_break_conversions():
    original = pathlib.Path
    t.path_id("warm")  # the class is cached per thread and interpreter

    class Fake:
        def __init__(self, *args):
            raise AssertionError("not used")

    def outcome(make):
        try:
            return "returned", make()
        except Exception as e:
            return "raised", f"{type(e).__name__}: {e}"

    pathlib.Path = Fake
    try:
        out = outcome(lambda: t.path_id("x"))
        # What Python code that took the class before the patch gets while it lasts: on
        # 3.11 `Path.__new__` itself looks `Path` up in the patched module and fails.
        python_code = outcome(lambda: original("x"))
    finally:
        pathlib.Path = original
    assert out[0] == python_code[0], (out, python_code)
    if out[0] == "raised":
        assert out == python_code
        assert sys.version_info < (3, 12), out
        return
    # The class cached before the patch made it (its `__new__` looks `Path` up in the
    # patched module, so the exact subclass may differ while patched).
    assert isinstance(out[1], original)
    assert out[1] == original("x")


def test_threads_each_convert():
    import threading

    results = []

    def work():
        results.append(t.path_id(pathlib.Path("t")) == pathlib.Path("t"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [True] * 4
