#!/usr/bin/env bash
# Benchmark suite: abide vs PyO3 vs hand-written C, on CPython 3.15 and on the
# free-threaded 3.15t, with one abi3t build of each module.
#
#   examples/bench/run.sh [run.py options]     (from anywhere)
#
# Provisions both interpreters (scripts/provision-python.sh 3.15 and 3.15t), builds
# the three benchmark modules (examples/bench/{c,abide,pyo3}) once into
# target/bench/so, then runs examples/bench/run.py: the call measurements (speed,
# contention, writer fairness) on each interpreter, the size and build measurements
# once, and report.py to merge them. Results are printed and written to
# target/bench/results.md (raw numbers in target/bench/results.json).
# BENCH_PYTHON=/path/to/python3.15 (a GIL build) and BENCH_PYTHON_FT=/path/to/python3.15t
# (free-threaded) use those interpreters instead of the provisioned ones.
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
mkdir -p "$SO" "$OUT"
for m in c abide pyo3; do
    echo "[bench] building $m" >&2
    CARGO_TARGET_DIR=target/bench/cargo/$m "examples/bench/$m/build.sh" "$PY" "$SO" >/dev/null
done
rm -f "$OUT"/calls-gil.json "$OUT"/calls-ft.json "$OUT"/builds.json
"$PY" examples/bench/run.py calls --build gil --so-dir "$SO" --out "$OUT" "$@"
"$PY_FT" examples/bench/run.py calls --build ft --so-dir "$SO" --out "$OUT" "$@"
"$PY" examples/bench/run.py builds --so-dir "$SO" --out "$OUT" "$@"
exec "$PY" examples/bench/report.py "$OUT"
