#!/usr/bin/env bash
# Benchmark suite: abide vs PyO3 vs hand-written C, on CPython 3.15 and on the
# free-threaded 3.15t, with one abi3t build of each module, and on CPython 3.12.
#
#   examples/bench/run.sh [run.py options]     (from anywhere)
#
# Provisions the interpreters (scripts/provision-python.sh 3.15, 3.15t and 3.12), builds
# the three benchmark modules (examples/bench/{c,abide,pyo3}) once into
# target/bench/so, and the async rows' modules bench_{abide,pyo3}_async (the same
# crates with `--features async`; PyO3's may fail to build, which the report shows),
# then runs examples/bench/run.py: the call measurements (speed, async rows,
# contention, writer fairness) on each interpreter, the size and build measurements
# once, and report.py to merge them. Results are printed and written to
# target/bench/results.md (raw numbers in target/bench/results.json).
# The 3.12 leg (speed and contention) loads target/bench/so-py312: C and PyO3 built
# for abi3 with the 3.11 floor, and abide's one library, the same file as on 3.15,
# linked under the .abi3.so name that 3.12 loads.
# BENCH_PYTHON=/path/to/python3.15 (a GIL build), BENCH_PYTHON_FT=/path/to/python3.15t
# (free-threaded) and BENCH_PYTHON_312=/path/to/python3.12 use those interpreters
# instead of the provisioned ones.
# Useful options: --no-builds (calls and sizes only, about a minute), --no-growth
# (skip the generated 200-function modules), --out DIR; see run.py --help.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# No __pycache__ beside the scripts, in the source tree.
export PYTHONDONTWRITEBYTECODE=1

die() {
    echo "[bench] error: $*" >&2
    exit 1
}

for arg in "$@"; do
    if [[ $arg == -h || $arg == --help ]]; then
        exec python3 examples/bench/run.py --help
    fi
done

if [[ -n ${BENCH_PYTHON:-} ]]; then
    PY=$BENCH_PYTHON
else
    PY=$(scripts/provision-python.sh 3.15 | tail -n1) || die "cannot provision CPython 3.15"
fi
if [[ -n ${BENCH_PYTHON_FT:-} ]]; then
    PY_FT=$BENCH_PYTHON_FT
else
    PY_FT=$(scripts/provision-python.sh 3.15t | tail -n1) ||
        die "cannot provision the free-threaded CPython 3.15t (scripts/provision-python.sh 3.15t" \
            "failed, see above); set BENCH_PYTHON_FT=/path/to/python3.15t"
fi
if [[ -n ${BENCH_PYTHON_312:-} ]]; then
    PY312=$BENCH_PYTHON_312
else
    PY312=$(scripts/provision-python.sh 3.12 | tail -n1) || die "cannot provision CPython 3.12"
fi
"$PY312" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' ||
    die "$PY312 is not CPython 3.12 (set BENCH_PYTHON_312 to python3.12)"
"$PY" -c 'import sys; sys.exit(not getattr(sys, "_is_gil_enabled", lambda: True)())' ||
    die "$PY is not a GIL build of CPython (set BENCH_PYTHON to python3.15)"
"$PY_FT" -c 'import sys; sys.exit(sys._is_gil_enabled())' ||
    die "$PY_FT is not a free-threaded CPython with the GIL disabled" \
        "(set BENCH_PYTHON_FT to python3.15t)"

# The output directory: run.py's --out if given (the same for every stage).
OUT=target/bench
prev=
for arg in "$@"; do
    case $arg in
    --out=*) OUT=${arg#--out=} ;;
    *) [[ $prev == --out ]] && OUT=$arg ;;
    esac
    prev=$arg
done
SO=target/bench/so
SO312=target/bench/so-py312
mkdir -p "$SO" "$SO312" "$OUT"
for m in c abide pyo3; do
    echo "[bench] building $m" >&2
    CARGO_TARGET_DIR=target/bench/cargo/$m "examples/bench/$m/build.sh" "$PY" "$SO" >/dev/null
done
# The async rows' modules, each in its own target dir (other features). PyO3's
# experimental-async failing to build is a result: its log goes where the runner looks
# for it, and no stale module is left to be measured.
build_pyo3_async() { # PYTHON OUTDIR ABI SUFFIX
    local name=bench_pyo3_async log=$2/bench_pyo3_async.build-error.txt
    rm -f "$2/$name.$4.so" "$log"
    if ! CARGO_TARGET_DIR=target/bench/cargo/pyo3-async-$3 \
        examples/bench/pyo3/build.sh "$1" "$2" "$3" async >/dev/null 2>"$log.tmp"; then
        mv "$log.tmp" "$log"
        echo "[bench] warning: $name ($3) failed to build, see $log" >&2
    else
        rm -f "$log.tmp"
    fi
}
echo "[bench] building abide_async" >&2
CARGO_TARGET_DIR=target/bench/cargo/abide-async \
    examples/bench/abide/build.sh "$PY" "$SO" async >/dev/null
echo "[bench] building pyo3_async" >&2
build_pyo3_async "$PY" "$SO" abi3t abi3t
# The 3.12 leg: abi3 builds (3.11 floor) of C and PyO3, each in its own target dir; and
# abide's one library (a separate directory: 3.15 would prefer an .abi3.so to .abi3t.so).
for m in c pyo3; do
    echo "[bench] building $m for abi3 (3.11+)" >&2
    CARGO_TARGET_DIR=target/bench/cargo/$m-abi3-py311 \
        "examples/bench/$m/build.sh" "$PY312" "$SO312" abi3-py311 >/dev/null
done
echo "[bench] building pyo3_async for abi3 (3.11+)" >&2
build_pyo3_async "$PY312" "$SO312" abi3-py311 abi3
ln -sfn ../so/bench_abide.abi3t.so "$SO312/bench_abide.abi3.so"
ln -sfn ../so/bench_abide_async.abi3t.so "$SO312/bench_abide_async.abi3.so"
rm -f "$OUT"/calls-gil.json "$OUT"/calls-ft.json "$OUT"/calls-py312.json "$OUT"/builds.json
"$PY" examples/bench/run.py calls --build gil --so-dir "$SO" --out "$OUT" "$@"
"$PY_FT" examples/bench/run.py calls --build ft --so-dir "$SO" --out "$OUT" "$@"
"$PY312" examples/bench/run.py calls --build py312 --so-dir "$SO312" --out "$OUT" "$@"
"$PY" examples/bench/run.py builds --so-dir "$SO" --out "$OUT" "$@"
exec "$PY" examples/bench/report.py "$OUT"
