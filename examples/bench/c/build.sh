#!/usr/bin/env bash
# Build the hand-written C reference module for the benchmarks.
#
#   examples/bench/c/build.sh PYTHON OUTDIR [ABI]
#
# PYTHON: a CPython interpreter (only used to find its headers): 3.15 for abi3t,
#         any 3.11+ GIL build (3.12 in the bench) for abi3-py311.
# OUTDIR: where the module is written.
# ABI:    abi3t (default): bench_c.abi3t.so, loads on 3.15 and 3.15t;
#         abi3-py311: bench_c.abi3.so with the 3.11 Limited API (GIL builds,
#         3.11+), the C counterpart of PyO3's abi3-py311 build.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 PYTHON OUTDIR [abi3t|abi3-py311]" >&2
    exit 2
fi
PY=$1
OUTDIR=$2
case ${3:-abi3t} in
    abi3t) ABI_FLAG=-DPy_TARGET_ABI3T=0x030f0000 SUFFIX=abi3t ;;
    abi3-py311) ABI_FLAG=-DPy_LIMITED_API=0x030b0000 SUFFIX=abi3 ;;
    *)
        echo "error: unknown ABI '$3' (abi3t or abi3-py311)" >&2
        exit 2
        ;;
esac
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CC=${CC:-gcc}

# Find the directory holding Python.h. sysconfig may report a path that only
# exists relative to a relocated prefix (e.g. /usr/include/python3.15 for a
# Debian package unpacked into a private prefix): try it, then the same path
# under sys.base_prefix's root, then search under the base prefix.
find_include() {
    local inc base ver cand
    inc=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
    if [ -f "$inc/Python.h" ]; then
        echo "$inc"
        return
    fi
    base=$("$PY" -c 'import sys; print(sys.base_prefix)')
    ver=$("$PY" -c 'import sys; print("python%d.%d" % sys.version_info[:2])')
    # base_prefix is e.g. PREFIX/usr; the package root is one level up.
    for cand in "$base/include/$ver" "$(dirname "$base")$inc" "$base$inc"; do
        if [ -f "$cand/Python.h" ]; then
            echo "$cand"
            return
        fi
    done
    cand=$(find "$(dirname "$base")" -path "*/include/$ver/Python.h" -print -quit 2>/dev/null || true)
    if [ -n "$cand" ]; then
        dirname "$cand"
        return
    fi
    echo "error: Python.h for $ver not found (tried $inc and under $base)" >&2
    return 1
}

INC=$(find_include)
# Debian splits pyconfig.h into an arch-specific directory
# (/usr/include/x86_64-linux-gnu/python3.15); add it when present.
EXTRA_INC=()
ARCH_INC=$(dirname "$(dirname "$INC")")/$("$CC" -dumpmachine)/$(basename "$INC")
if [ -d "$ARCH_INC" ]; then
    EXTRA_INC=(-I "$ARCH_INC")
fi

mkdir -p "$OUTDIR"
"$CC" -O2 -shared -fPIC -std=c11 -Wall -Wextra \
    -fvisibility=hidden \
    "$ABI_FLAG" \
    -I "$INC" "${EXTRA_INC[@]}" \
    "$HERE/bench_c.c" -o "$OUTDIR/bench_c.$SUFFIX.so"
echo "$OUTDIR/bench_c.$SUFFIX.so"
