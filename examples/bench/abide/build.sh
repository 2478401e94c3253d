#!/usr/bin/env bash
# Build the abide benchmark module.
#
#   examples/bench/abide/build.sh PYTHON OUTDIR [async]
#
# PYTHON: a CPython 3.15 interpreter (accepted for symmetry with the other
#         build scripts; abide always targets abi3t and needs no interpreter
#         to build).
# OUTDIR: where bench_abide.abi3t.so is written.
# async:  build the async rows' module instead (`--features async`):
#         bench_abide_async.abi3t.so. Give it its own CARGO_TARGET_DIR, or every
#         switch rebuilds the crate.
#
# CARGO_TARGET_DIR is honoured (the runner uses it for clean-build timings).
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 PYTHON OUTDIR [async]" >&2
    exit 2
fi
OUTDIR=$2
case ${3:-} in
    "") FEATURES=() NAME=bench_abide ;;
    async) FEATURES=(--features async) NAME=bench_abide_async ;;
    *)
        echo "error: unknown argument '$3' (async or nothing)" >&2
        exit 2
        ;;
esac
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The repository's .cargo/config.toml sets these, but cargo only reads it when
# run from inside the repository: set them here so the script works from
# anywhere. PYO3_NO_PYTHON: pyo3-ffi uses its abi3t defaults instead of probing
# an interpreter; PYO3_BUILD_EXTENSION_MODULE: do not link libpython.
export PYO3_NO_PYTHON=1
export PYO3_BUILD_EXTENSION_MODULE=1

cargo build --release --manifest-path "$HERE/Cargo.toml" "${FEATURES[@]}"

mkdir -p "$OUTDIR"
TARGET_DIR=${CARGO_TARGET_DIR:-$HERE/target}
cp "$TARGET_DIR/release/libbench_abide.so" "$OUTDIR/$NAME.abi3t.so"
echo "$OUTDIR/$NAME.abi3t.so"
