import base64
import csv
import hashlib
import io
import zipfile

import pytest
from abide_build import wheelfile
from abide_build.library import Library
from abide_build.wheelfile import WheelError, repack

LIB = b"\x7fELF not really a library"
PLATFORM = "manylinux_2_34_x86_64"


def maturin_wheel(tmp_path, module="m", tag="cp315-abi3.abi3t", files=None):
    """A wheel as maturin lays out a pure-Rust project."""
    dist = f"{module}-0.1.0.dist-info"
    contents = {
        f"{module}/__init__.py": f"from .{module} import *\n".encode(),
        f"{module}/{module}.abi3t-x86_64-linux-gnu.so": LIB,
        f"{dist}/METADATA": b"Metadata-Version: 2.4\nName: m\nVersion: 0.1.0\nRequires-Python: >=3.11\n",
        f"{dist}/WHEEL": f"Wheel-Version: 1.0\nGenerator: maturin (1.16.0)\nRoot-Is-Purelib: false\nTag: {tag}-{PLATFORM}\n".encode(),
        f"{dist}/RECORD": b"",
    }
    contents.update(files or {})
    path = tmp_path / f"{module}-0.1.0-{tag}-{PLATFORM}.whl"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in contents.items():
            z.writestr(name, data)
    return path


@pytest.fixture
def universal(monkeypatch):
    def fake(module, data):
        assert data == LIB
        return Library(
            module, "universal", (3, 11), (f"PyModExport_{module}", f"PyInit_{module}"), frozenset()
        )

    monkeypatch.setattr(wheelfile, "inspect", fake)


def read(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_universal_wheel_layout_tags_and_record(tmp_path, universal):
    built = repack(maturin_wheel(tmp_path), tmp_path / "out", stub="def f() -> int: ...\n")
    assert built.path.name == f"m-0.1.0-cp311-abi3.abi3t-{PLATFORM}.whl"
    files = read(built.path)
    assert files["m/__init__.so"] == LIB
    assert "m/__init__.py" not in files
    assert not any(n.startswith("m/m.") for n in files)
    assert files["m/__init__.pyi"] == b"def f() -> int: ...\n"
    assert files["m/py.typed"] == b""
    wheel = files["m-0.1.0.dist-info/WHEEL"].decode()
    assert wheel.count("Tag:") == 2
    assert f"Tag: cp311-abi3-{PLATFORM}" in wheel
    assert f"Tag: cp311-abi3t-{PLATFORM}" in wheel
    assert "Generator: abide-build" in wheel
    assert files["m-0.1.0.dist-info/METADATA"].startswith(b"Metadata-Version: 2.4")

    # RECORD: every other file once, with its hash and size.
    rows = list(csv.reader(io.StringIO(files["m-0.1.0.dist-info/RECORD"].decode())))
    recorded = {row[0]: row[1:] for row in rows}
    assert set(recorded) == set(files)
    assert recorded["m-0.1.0.dist-info/RECORD"] == ["", ""]
    for name, (digest, size) in recorded.items():
        if name.endswith("RECORD"):
            continue
        expected = base64.urlsafe_b64encode(hashlib.sha256(files[name]).digest()).rstrip(b"=")
        assert digest == f"sha256={expected.decode()}", name
        assert int(size) == len(files[name]), name


def test_repack_is_reproducible(tmp_path, universal):
    source = maturin_wheel(tmp_path)
    first = repack(source, tmp_path / "a", stub="x: int\n").path.read_bytes()
    second = repack(source, tmp_path / "b", stub="x: int\n").path.read_bytes()
    assert first == second


def test_project_stub_is_kept_or_replaced(tmp_path, universal):
    source = maturin_wheel(tmp_path, files={"m/__init__.pyi": b"old: int\n"})
    kept = repack(source, tmp_path / "kept")
    assert kept.stub == "project"
    assert read(kept.path)["m/__init__.pyi"] == b"old: int\n"
    assert read(kept.path)["m/py.typed"] == b""
    replaced = repack(source, tmp_path / "new", stub="new: int\n")
    assert replaced.stub == "generated" and replaced.project_stub_differs
    assert read(replaced.path)["m/__init__.pyi"] == b"new: int\n"
    same = repack(source, tmp_path / "same", stub="old: int\n")
    assert not same.project_stub_differs


def test_no_stub_no_marker(tmp_path, universal):
    built = repack(maturin_wheel(tmp_path), tmp_path / "out")
    assert built.stub is None
    assert "m/py.typed" not in read(built.path)


def test_compressed_platform_tag(tmp_path, universal):
    plat = "manylinux_2_17_x86_64.manylinux2014_x86_64"
    source = maturin_wheel(tmp_path)
    source = source.rename(source.with_name(f"m-0.1.0-cp315-abi3.abi3t-{plat}.whl"))
    built = repack(source, tmp_path / "out")
    assert built.path.name == f"m-0.1.0-cp311-abi3.abi3t-{plat}.whl"
    wheel = read(built.path)["m-0.1.0.dist-info/WHEEL"].decode()
    assert [l for l in wheel.splitlines() if l.startswith("Tag:")] == [
        "Tag: cp311-abi3-manylinux_2_17_x86_64",
        "Tag: cp311-abi3-manylinux2014_x86_64",
        "Tag: cp311-abi3t-manylinux_2_17_x86_64",
        "Tag: cp311-abi3t-manylinux2014_x86_64",
    ]


def test_abi3t_only_library_keeps_its_suffix(tmp_path, monkeypatch):
    monkeypatch.setattr(
        wheelfile,
        "inspect",
        lambda m, d: Library(m, "abi3t-only", (3, 11), (f"PyModExport_{m}",), frozenset()),
    )
    built = repack(maturin_wheel(tmp_path), tmp_path / "out")
    assert built.path.name == f"m-0.1.0-cp315-abi3.abi3t-{PLATFORM}.whl"
    assert read(built.path)["m/__init__.abi3t.so"] == LIB


def test_interpreter_specific_maturin_wheel_is_retagged(tmp_path, universal):
    # maturin run by CPython 3.11 writes a cp311-cp311 wheel: the same library.
    built = repack(maturin_wheel(tmp_path, tag="cp311-cp311"), tmp_path / "out")
    assert built.path.name == f"m-0.1.0-cp311-abi3.abi3t-{PLATFORM}.whl"


def test_python_source_layout_is_refused(tmp_path, universal):
    mixed = maturin_wheel(tmp_path, files={"m/helpers.py": b"x = 1\n"})
    with pytest.raises(WheelError, match="pure-Rust layout.*m/helpers.py"):
        repack(mixed, tmp_path / "no")
    own_init = maturin_wheel(tmp_path, files={"m/__init__.py": b"import os\n"})
    with pytest.raises(WheelError, match="pure-Rust layout"):
        repack(own_init, tmp_path / "no")


def test_two_libraries_are_refused(tmp_path, universal):
    source = maturin_wheel(tmp_path, files={"other/other.so": LIB})
    with pytest.raises(WheelError, match="expected one library"):
        repack(source, tmp_path / "out")
