import pathlib

import pytest
from abide_build import library
from abide_build.library import LibraryError, hook_name, inspect, stable_abi


def fake_symbols(monkeypatch, defined, imported):
    monkeypatch.setattr(library, "dynamic_symbols", lambda data: (set(defined), set(imported)))


def test_hook_names_follow_pep_489():
    assert hook_name("PyInit", "hello") == "PyInit_hello"
    assert hook_name("PyModExport", "hello") == "PyModExport_hello"
    # Not ASCII: the Punycode of the name, '-' replaced by '_'.
    assert hook_name("PyModExport", "café") == "PyModExportU_caf_dma"
    assert hook_name("PyInit", "café") == "PyInitU_caf_dma"


def test_stable_abi_list_knows_when_each_symbol_came():
    added = stable_abi()
    assert added["PyObject_GetAttr"] == (3, 2)
    assert added["PyObject_GetTypeData"] == (3, 12)
    assert added["PyDict_GetItemRef"] == (3, 13)
    assert "PyUnstable_Object_ClearWeakRefsNoCallbacks" not in added
    assert len(added) > 900


def test_universal_library_takes_the_floor_tag(monkeypatch):
    fake_symbols(
        monkeypatch,
        {"PyModExport_m", "PyInit_m", "rust_fn"},
        {"PyObject_GetAttr", "PyModuleDef_Init", "malloc", "memcpy"},
    )
    lib = inspect("m", b"")
    assert lib.kind == "universal"
    assert lib.python_tag == "cp311"
    assert lib.hooks == ("PyModExport_m", "PyInit_m")
    # libc's imports are not CPython's.
    assert lib.imports == {"PyObject_GetAttr", "PyModuleDef_Init"}


def test_newest_import_decides_the_tag(monkeypatch):
    fake_symbols(
        monkeypatch, {"PyModExport_m", "PyInit_m"}, {"PyObject_GetAttr", "PyDict_GetItemRef"}
    )
    assert inspect("m", b"").python_tag == "cp313"


def test_abi3t_only_library_is_for_315(monkeypatch):
    fake_symbols(monkeypatch, {"PyModExport_m"}, {"PyObject_GetAttr"})
    lib = inspect("m", b"")
    assert lib.kind == "abi3t-only"
    assert lib.python_tag == "cp315"
    assert "3.15+" in lib.describe()


def test_import_outside_the_stable_abi_fails(monkeypatch):
    fake_symbols(
        monkeypatch,
        {"PyModExport_m", "PyInit_m"},
        {"PyObject_GetAttr", "PyUnstable_Object_ClearWeakRefsNoCallbacks", "_PyObject_Secret"},
    )
    with pytest.raises(LibraryError) as e:
        inspect("m", b"")
    assert "PyUnstable_Object_ClearWeakRefsNoCallbacks" in str(e.value)
    assert "_PyObject_Secret" in str(e.value)


def test_missing_export_hook_fails(monkeypatch):
    fake_symbols(monkeypatch, {"PyInit_other", "PyModExport_other"}, set())
    with pytest.raises(LibraryError, match="does not export PyModExport_m"):
        inspect("m", b"")


def test_reads_a_real_elf_file():
    # An extension module of the standard library (ctypes, which stub generation uses):
    # it exports PyInit__ctypes and imports the C API.
    import _ctypes

    defined, imported = library.dynamic_symbols(pathlib.Path(_ctypes.__file__).read_bytes())
    assert "PyInit__ctypes" in defined
    assert "PyObject_GetAttr" in imported or "PyObject_GetAttrString" in imported


def test_not_an_elf_file_is_a_clear_error():
    with pytest.raises(LibraryError, match="not an ELF shared library"):
        library.dynamic_symbols(b"MZ this is not ELF")
