"""The `abide-build` command (also `python -m abide_build`).

abide-build wheel [PROJECT] [--out DIR] [--no-stubs] [-- MATURIN_ARGS...]
    The wheel `pip wheel PROJECT` gives, without pip: the last line on stdout is its
    path.
abide-build stubs [PROJECT] [--out PATH] [-- MATURIN_ARGS...]
    Builds the project with abide's `stubs` feature and writes its module's stub,
    `<module>.pyi` next to pyproject.toml by default (commit it for type checkers
    and IDEs working in the source tree; wheels get a fresh one anyway).
abide-build stubgen MODULE [--path DIR]... [--out PATH]
    Writes the stub of an importable module built with the `stubs` feature, from any
    folder: MODULE is searched in each --path, then the current directory, then
    sys.path. PATH defaults to `<module>.pyi` in the current directory; `-` is stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import BUILD_ERRORS
from .config import Settings


def write(text: str, out: str) -> None:
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        Path(out).write_text(text, encoding="utf-8")
        print(f"abide-build: wrote {out}", file=sys.stderr)


def wheel(args) -> None:
    from .build import build_wheel

    settings = Settings.load(args.project, {"build-args": args.maturin_args})
    if args.no_stubs:
        settings.stubs = False
    out = args.out or args.project / "target" / "wheels"
    built = build_wheel(args.project, out, settings)
    print(built.path)


def stubs(args) -> None:
    from .stubs import from_project

    Settings.load(args.project)  # reports a broken [tool.abide-build] table
    module, text = from_project(args.project, args.maturin_args)
    write(text, args.out or str(args.project / f"{module}.pyi"))


def stubgen(args) -> None:
    from .stubs import from_module

    text = from_module(args.module, args.path)
    write(text, args.out or args.module.rpartition(".")[2] + ".pyi")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="abide-build", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    w = sub.add_parser("wheel", help="build the project's wheel")
    w.add_argument("project", nargs="?", type=Path, default=Path("."))
    w.add_argument("--out", type=Path, help="where the wheel goes (default: PROJECT/target/wheels)")
    w.add_argument("--no-stubs", action="store_true", help="ship no generated stub")
    w.set_defaults(run=wheel)

    s = sub.add_parser("stubs", help="build the project with the stubs feature, write its .pyi")
    s.add_argument("project", nargs="?", type=Path, default=Path("."))
    s.add_argument(
        "--out", "-o", help="where to write (default: PROJECT/<module>.pyi; - for stdout)"
    )
    s.set_defaults(run=stubs)

    g = sub.add_parser("stubgen", help="write the .pyi of an importable module")
    g.add_argument("module", help="the module to import, e.g. `shapes`")
    g.add_argument("--path", action="append", default=[], help="a folder to import from first")
    g.add_argument("--out", "-o", help="where to write (default: MODULE.pyi; - for stdout)")
    g.set_defaults(run=stubgen)
    return p


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Everything after `--` goes to maturin.
    maturin_args = []
    if "--" in argv:
        at = argv.index("--")
        argv, maturin_args = argv[:at], argv[at + 1 :]
    args = parser().parse_args(argv)
    if args.command != "stubgen":
        args.project = args.project.resolve()
    elif maturin_args:
        parser().error("stubgen takes no maturin arguments")
    args.maturin_args = maturin_args
    try:
        args.run(args)
    except BUILD_ERRORS as e:
        print(f"abide-build: {e}", file=sys.stderr)
        raise SystemExit(1) from None
