"""What an abide extension library is: its entry points, its imports, the CPython it needs.

The wheel's form follows from the library itself, not from configuration:

- *universal*: it exports `PyInit_<m>` (CPython 3.11 to 3.14 load it through that) and
  `PyModExport_<m>` (3.15+, GIL and free-threaded). Its python tag is that of the oldest
  CPython whose stable ABI has every function it imports, 3.11 at the least;
- *abi3t-only* (built with `abide/abi3t-only`): `PyModExport_<m>` only, for 3.15+.

Every imported `Py*`/`_Py*` symbol must be in CPython's stable ABI (`stable_abi.txt`), or
the build fails: a wheel tagged abi3 that needs more than the stable ABI would crash on
the next CPython instead of failing to install.
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import io
import struct
from functools import cache

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile

#: abide's oldest CPython.
FLOOR = (3, 11)
#: The first CPython with abi3t (PEP 803) and PEP 793's `PyModExport_` hooks.
ABI3T = (3, 15)


class LibraryError(Exception):
    """The library is not what an abide wheel can ship; the message says why."""


@dataclasses.dataclass(frozen=True)
class Library:
    """The facts about one built extension library that decide its wheel."""

    module: str
    kind: str  # "universal" or "abi3t-only"
    needs: tuple[int, int]  # the oldest CPython whose stable ABI has all its imports
    hooks: tuple[str, ...]  # the entry points it exports
    imports: frozenset[str]  # the CPython symbols it imports

    @property
    def python_tag(self) -> str:
        major, minor = self.needs if self.kind == "universal" else max(self.needs, ABI3T)
        return f"cp{major}{minor}"

    def describe(self) -> str:
        if self.kind == "universal":
            gil = f"CPython {self.needs[0]}.{self.needs[1]}+"
            return f"{self.module}: one library for {gil} (GIL builds) and 3.15+ free-threaded"
        return f"{self.module}: abi3t-only library for CPython 3.15+ (GIL and free-threaded)"


@cache
def stable_abi() -> dict[str, tuple[int, int]]:
    """CPython's stable-ABI symbols with the version that added each (`stable_abi.txt`)."""
    text = importlib.resources.files(__package__).joinpath("stable_abi.txt").read_text()
    added = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, _kind, version, _tags = line.split()
        major, minor = version.split(".")
        added[name] = (int(major), int(minor))
    return added


def dynamic_symbols(data: bytes) -> tuple[set[str], set[str]]:
    """The names an ELF shared library defines (exports) and the ones it imports."""
    try:
        elf = ELFFile(io.BytesIO(data))
    except (ELFError, ValueError, struct.error) as e:
        raise LibraryError(f"not an ELF shared library ({e})") from None
    dynsym = elf.get_section_by_name(".dynsym")
    if dynsym is None:
        raise LibraryError("the library has no dynamic symbol table")
    defined, imported = set(), set()
    for symbol in dynsym.iter_symbols():
        if not symbol.name:
            continue
        (imported if symbol["st_shndx"] == "SHN_UNDEF" else defined).add(symbol.name)
    return defined, imported


def hook_name(prefix: str, module: str) -> str:
    """The entry point CPython looks up: `<prefix>_<name>`, or for a name that is not
    ASCII, `<prefix>U_` and its Punycode with '-' replaced by '_' (PEP 489)."""
    try:
        return f"{prefix}_{module.encode('ascii').decode()}"
    except UnicodeEncodeError:
        return f"{prefix}U_{module.encode('punycode').decode().replace('-', '_')}"


def cpython_imports(imported: set[str]) -> set[str]:
    """The imports that come from CPython: `Py*` and `_Py*` names (libc's are not)."""
    return {s for s in imported if s.startswith(("Py", "_Py"))}


def inspect(module: str, data: bytes) -> Library:
    """Reads the library `data` of the extension module `module`."""
    defined, imported = dynamic_symbols(data)
    export, init = hook_name("PyModExport", module), hook_name("PyInit", module)
    if export not in defined:
        raise LibraryError(
            f"the library does not export {export}: is `{module}` the name its "
            "#[pymodule] gives (pyproject's [tool.maturin] module-name)?"
        )
    ours = cpython_imports(imported)
    added = stable_abi()
    outside = sorted(s for s in ours if s not in added)
    if outside:
        raise LibraryError(
            "the library imports symbols that are not in CPython's stable ABI: "
            + ", ".join(outside)
        )
    needs = max([FLOOR] + [added[s] for s in ours])
    if init in defined:
        return Library(module, "universal", needs, (export, init), frozenset(ours))
    return Library(module, "abi3t-only", needs, (export,), frozenset(ours))
