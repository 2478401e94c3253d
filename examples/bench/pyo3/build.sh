#!/usr/bin/env bash
# Build the PyO3 reference module for the benchmarks.
#
#   examples/bench/pyo3/build.sh PYTHON OUTDIR [ABI] [async]
#
# PYTHON: a CPython interpreter (PyO3's build script reads its config): 3.15 for
#         abi3t, a 3.11+ GIL build (3.12 in the bench) for abi3-py311.
# OUTDIR: where the module is written.
# ABI:    abi3t (default, pyo3 feature abi3t-py315): bench_pyo3.abi3t.so;
#         abi3-py311 (pyo3 feature abi3-py311): bench_pyo3.abi3.so.
# async:  build the async rows' module instead (`--features async`, PyO3's
#         experimental-async): bench_pyo3_async.abi3t.so (.abi3.so).
# Give each ABI, and async, its own CARGO_TARGET_DIR, or every switch rebuilds pyo3.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 4 ]; then
    echo "usage: $0 PYTHON OUTDIR [abi3t|abi3-py311] [async]" >&2
    exit 2
fi
PY=$1
OUTDIR=$2
ABI=${3:-abi3t}
case $ABI in
    abi3t) SUFFIX=abi3t ;;
    abi3-py311) SUFFIX=abi3 ;;
    *)
        echo "error: unknown ABI '$ABI' (abi3t or abi3-py311)" >&2
        exit 2
        ;;
esac
case ${4:-} in
    "") FEATURES=$ABI NAME=bench_pyo3 ;;
    async) FEATURES="$ABI async" NAME=bench_pyo3_async ;;
    *)
        echo "error: unknown argument '$4' (async or nothing)" >&2
        exit 2
        ;;
esac
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Cargo runs build scripts in another directory: make PYTHON absolute
# (without resolving a venv's symlink).
case $PY in
    */*) PY=$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY") ;;
    *) PY=$(command -v "$PY") ;;
esac

# PYO3_BUILD_EXTENSION_MODULE replaces the deprecated `extension-module`
# feature: do not link libpython (the interpreter provides the symbols).
PYO3_PYTHON=$PY PYO3_BUILD_EXTENSION_MODULE=1 \
    cargo build --release --manifest-path "$HERE/Cargo.toml" \
    --no-default-features --features "$FEATURES"

mkdir -p "$OUTDIR"
TARGET_DIR=${CARGO_TARGET_DIR:-$HERE/target}
cp "$TARGET_DIR/release/libbench_pyo3.so" "$OUTDIR/$NAME.$SUFFIX.so"
echo "$OUTDIR/$NAME.$SUFFIX.so"
