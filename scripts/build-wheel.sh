#!/usr/bin/env bash
# Build the one wheel of an abide extension crate: a library that CPython 3.11 to 3.14
# (GIL builds), 3.15 and 3.15t all load, tagged cp311-abi3.abi3t.
#
# Usage: scripts/build-wheel.sh [--out DIR] [--target-dir DIR] [--no-audit] CRATE_DIR [-- MATURIN_ARGS...]
#   CRATE_DIR         a cdylib crate with a pyproject.toml whose build backend is maturin
#   --out DIR         where the finished wheel goes (default: CRATE_DIR/target/wheels)
#   --target-dir DIR  cargo's target directory (default: cargo's own)
#   --no-audit        skip abi3audit and abi3t-doctor
#
# The LAST line on stdout is the path of the finished wheel; progress goes to stderr.
#
# Steps, each with a standard tool (maturin, wheel, abi3audit and abi3t-doctor are
# installed from PyPI into .cache/wheel-tools on first use):
#   1. `maturin build --release`: a cp315-abi3.abi3t wheel (maturin reads abi3t from
#      pyo3-ffi's `abi3t-py315` feature) with maturin's pure-Rust layout, `m/__init__.py`
#      re-exporting `m/m.abi3t-<multiarch>.so`.
#   2. `wheel unpack`; the library becomes the package itself, `m/__init__.so`, and
#      maturin's re-export `m/__init__.py` goes (with it the module would be `m.m`).
#      `.so` is the only suffix that 3.11-3.14 (.abi3.so, no abi3t) and free-threaded
#      3.15t (.abi3t.so, no .abi3.so) all accept; `m/` stays a package so that type
#      stubs (`m/__init__.pyi`, `m/py.typed`, PEP 561) keep working.
#   3. `wheel pack` (writes a fresh RECORD), then `wheel tags --python-tag cp311`: the
#      library imports nothing newer than 3.11 and exports PyInit_<m> for 3.11-3.14. A
#      last `wheel unpack` checks every file against RECORD. A library built with
#      `abide/abi3t-only` (no PyInit_<m>) keeps maturin's cp315 tag and is named
#      `m/__init__.abi3t.so`, the name PEP 803 gives such a library.
#   4. abi3audit and abi3t-doctor: the build fails on any finding but those the wheel's
#      form implies (scripts/wheel-audit.py says which and why, and prints them).
set -euo pipefail

SCRIPT_TAG=build-wheel
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# abide's oldest supported CPython: the python tag of a universal wheel.
MIN_PYTHON_TAG=cp311
TOOLS_PINS=(maturin==1.16.0 wheel==0.48.0 abi3audit==0.0.26 abi3t-doctor==0.1.0 pyelftools==0.33)

OUT='' TARGET_DIR='' AUDIT=1 CRATE='' MATURIN_ARGS=()
while (($#)); do
    case "$1" in
    --out) OUT=${2:?--out needs a directory}; shift 2 ;;
    --target-dir) TARGET_DIR=${2:?--target-dir needs a directory}; shift 2 ;;
    --no-audit) AUDIT=0; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; MATURIN_ARGS=("$@"); break ;;
    -*) die "unknown option '$1'" ;;
    *) [[ -z $CRATE ]] || die "one crate at a time ('$CRATE', '$1')"; CRATE=$1; shift ;;
    esac
done
[[ -n $CRATE ]] || { usage; exit 2; }
[[ -f $CRATE/pyproject.toml ]] || die "$CRATE has no pyproject.toml"
CRATE=$(cd "$CRATE" && pwd -P)
OUT=${OUT:-$CRATE/target/wheels}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P)
if [[ -n $TARGET_DIR ]]; then
    mkdir -p "$TARGET_DIR"
    TARGET_DIR=$(cd "$TARGET_DIR" && pwd -P)
fi

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# Resolved, like provision-python.sh's cache: the venv's scripts name their interpreter by
# this path, which must stay valid for every checkout that shares .cache.
mkdir -p "$REPO/.cache/wheel-tools"
TOOLS=$(cd "$REPO/.cache/wheel-tools" && pwd -P)
TOOLS_PY=$TOOLS/venv/bin/python

# --- tools ---------------------------------------------------------------------

# The pinned tools are installed, and their scripts name this venv's interpreter (a venv
# made through another path to .cache has scripts that cannot start).
tools_ok() {
    local stamp=$TOOLS/venv/.abide-pins
    [[ -f $stamp && $(<"$stamp") == "${TOOLS_PINS[*]}" ]] &&
        "$TOOLS_PY" -c '' 2>/dev/null &&
        [[ $(head -n1 "$TOOLS/venv/bin/wheel" 2>/dev/null) == "#!$TOOLS_PY" ]]
}

ensure_tools() {
    local stamp=$TOOLS/venv/.abide-pins
    tools_ok && return
    mkdir -p "$TOOLS"
    exec 9>"$TOOLS/.lock"
    flock 9
    if tools_ok; then
        exec 9>&-
        return
    fi
    local py
    py=$("$REPO/scripts/provision-python.sh" 3.15 | tail -n1)
    log "installing ${TOOLS_PINS[*]} into $TOOLS/venv"
    rm -rf "$TOOLS/venv"
    "$py" -m venv --without-pip "$TOOLS/venv"
    "$py" -m pip --python "$TOOLS_PY" install --quiet --disable-pip-version-check "${TOOLS_PINS[@]}" ||
        die "pip install ${TOOLS_PINS[*]} failed"
    printf '%s' "${TOOLS_PINS[*]}" >"$stamp"
    exec 9>&-
}

# --- steps -----------------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/abide-wheel.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Timestamps of repacked files: the zip epoch, as maturin writes them.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-315532800}

build() {
    local args=(build --release --interpreter "$TOOLS_PY" --out "$WORK/maturin")
    [[ -z $TARGET_DIR ]] || args+=(--target-dir "$TARGET_DIR")
    log "maturin ${args[*]} ${MATURIN_ARGS[*]}"
    # cargo finds the workspace's .cargo/config.toml from the current directory.
    (cd "$CRATE" && "$TOOLS/venv/bin/maturin" "${args[@]}" "${MATURIN_ARGS[@]}") ||
        die "maturin build failed"
    local wheels=("$WORK"/maturin/*.whl)
    if ((${#wheels[@]} != 1)) || [[ ! -f ${wheels[0]} ]]; then
        die "expected one wheel from maturin, got: ${wheels[*]}"
    fi
    WHEEL=${wheels[0]}
    log "maturin built ${WHEEL##*/}"
}

# Prints "MODULE KIND HOOK..." for the unpacked wheel in $1, KIND being `universal`
# (exports PyInit_<m> and PyModExport_<m>) or `abi3t-only` (PyModExport_<m> only), the
# HOOKs being those entry points; for a module name that is not ASCII, PyInitU_/
# PyModExportU_ and the Punycode of the name.
inspect_library() {
    "$TOOLS_PY" - "$1" <<'PYTHON'
import pathlib, sys
from elftools.elf.elffile import ELFFile

root = pathlib.Path(sys.argv[1])
libs = [p for p in root.rglob("*.so")]
if len(libs) != 1:
    sys.exit(f"expected one library in the wheel, found {[str(p.relative_to(root)) for p in libs]}")
lib = libs[0]
rel = lib.relative_to(root)
module = rel.parts[0]
init = root / module / "__init__.py"
# maturin's pure-Rust layout: m/m.<suffix>.so next to an __init__.py that re-exports it.
if len(rel.parts) != 2 or not rel.name.startswith(module + ".") or not init.is_file() \
        or not init.read_text().startswith(f"from .{module} import *"):
    sys.exit(f"{rel}: not maturin's pure-Rust layout (m/__init__.py re-exporting m/m.*.so); "
             "mixed Python/Rust projects are not handled by this script")
with open(lib, "rb") as f:
    symbols = {s.name for s in ELFFile(f).get_section_by_name(".dynsym").iter_symbols()
               if s["st_shndx"] != "SHN_UNDEF"}

def hook_name(prefix, name):
    # As CPython looks the entry points up: `<prefix>_<name>` for an ASCII name, else
    # `<prefix>U_` and the name's Punycode with '-' replaced by '_'.
    try:
        return f"{prefix}_{name.encode('ascii').decode()}"
    except UnicodeEncodeError:
        return f"{prefix}U_{name.encode('punycode').decode().replace('-', '_')}"

export, init = hook_name("PyModExport", module), hook_name("PyInit", module)
if export not in symbols:
    sys.exit(f"{rel} does not export {export}: is it an abide extension?")
if init in symbols:
    print(module, "universal", export, init)
else:
    print(module, "abi3t-only", export)
PYTHON
}

repack() {
    "$TOOLS/venv/bin/wheel" unpack --dest "$WORK/unpacked" "$WHEEL" >&2
    local dirs=("$WORK"/unpacked/*)
    local root=${dirs[0]} module kind name
    local found
    found=$(inspect_library "$root") || die "unexpected wheel contents"
    read -r module kind _ <<<"$found"
    read -r -a HOOKS <<<"${found#* * }"
    KIND=$kind
    if [[ $kind == universal ]]; then name=__init__.so; else name=__init__.abi3t.so; fi
    log "$module: $kind library -> $module/$name"
    mv "$root/$module"/"$module".*.so "$root/$module/$name"
    rm "$root/$module/__init__.py"
    mkdir "$WORK/packed"
    "$TOOLS/venv/bin/wheel" pack --dest-dir "$WORK/packed" "$root" >&2
    local packed=("$WORK"/packed/*.whl)
    WHEEL=${packed[0]}
    if [[ $kind == universal ]]; then
        WHEEL="$WORK/packed/$("$TOOLS/venv/bin/wheel" tags --remove --python-tag "$MIN_PYTHON_TAG" "$WHEEL" | tail -n1)"
    fi
    [[ -f $WHEEL ]] || die "retagging failed"
    # `wheel unpack` checks every file against RECORD (hash and size).
    "$TOOLS/venv/bin/wheel" unpack --dest "$WORK/verify" "$WHEEL" >&2 || die "RECORD does not match ${WHEEL##*/}"
}

# abi3audit (judged against the wheel's python tag) and abi3t-doctor, both gating:
# scripts/wheel-audit.py fails the build on any finding but those the wheel's form
# implies, and prints those as expected.
audit() {
    log "abi3audit and abi3t-doctor on ${WHEEL##*/}"
    # Both exit non-zero on findings, expected ones included: their reports decide.
    "$TOOLS/venv/bin/abi3audit" --report --output "$WORK/abi3audit.json" "$WHEEL" \
        >"$WORK/abi3audit.log" 2>&1 || true
    [[ -s $WORK/abi3audit.json ]] || { cat "$WORK/abi3audit.log" >&2; die "abi3audit wrote no report"; }
    # -a: list the wheel even when clean, so an empty report means nothing was read.
    "$TOOLS/venv/bin/abi3t-doctor" wheel -a --format json "$WHEEL" >"$WORK/doctor.json" || true
    "$TOOLS_PY" "$REPO/scripts/wheel-audit.py" "$KIND" "${WHEEL##*/}" \
        "$WORK/abi3audit.json" "$WORK/doctor.json" "${HOOKS[@]}" ||
        die "the audit found problems in ${WHEEL##*/}"
}

ensure_tools
build
repack
((AUDIT)) && audit
rm -f "$OUT/${WHEEL##*/}"
mv "$WHEEL" "$OUT/"
log "wheel: $OUT/${WHEEL##*/}"
printf '%s\n' "$OUT/${WHEEL##*/}" >&3
