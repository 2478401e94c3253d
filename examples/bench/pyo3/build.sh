#!/usr/bin/env bash
# Build the PyO3 reference module for the benchmarks.
#
#   examples/bench/pyo3/build.sh PYTHON OUTDIR
#
# PYTHON: a CPython 3.15 interpreter (PyO3's build script reads its config).
# OUTDIR: where bench_pyo3.abi3t.so is written.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 PYTHON OUTDIR" >&2
    exit 2
fi
PY=$1
OUTDIR=$2
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
    cargo build --release --manifest-path "$HERE/Cargo.toml"

mkdir -p "$OUTDIR"
TARGET_DIR=${CARGO_TARGET_DIR:-$HERE/target}
cp "$TARGET_DIR/release/libbench_pyo3.so" "$OUTDIR/bench_pyo3.abi3t.so"
echo "$OUTDIR/bench_pyo3.abi3t.so"
