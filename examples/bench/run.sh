#!/usr/bin/env bash
# Benchmark suite: abide vs PyO3 vs hand-written C, on CPython 3.15 (abi3t).
#
#   examples/bench/run.sh [run.py options]     (from anywhere)
#
# Provisions CPython 3.15 (scripts/provision-python.sh), builds the three
# benchmark modules (examples/bench/{c,abide,pyo3}) into target/bench/, then runs
# examples/bench/run.py with that interpreter. Results are printed and written
# to target/bench/results.md (raw numbers in target/bench/results.json).
# BENCH_PYTHON=/path/to/python3.15[t] uses that interpreter instead of the
# provisioned one (for instance a free-threaded build, for the contention test).
# Useful options: --no-builds (speed, size and contention only, ~1 minute),
# --no-growth (skip the generated 200-function modules); see run.py --help.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ -n ${BENCH_PYTHON:-} ]]; then
    PY=$BENCH_PYTHON
else
    PY=$(scripts/provision-python.sh 3.15 | tail -n1)
fi
OUT=target/bench
SO=$OUT/so
mkdir -p "$SO"
for m in c abide pyo3; do
    echo "[bench] building $m" >&2
    CARGO_TARGET_DIR=$OUT/cargo/$m "examples/bench/$m/build.sh" "$PY" "$SO" >/dev/null
done
exec "$PY" examples/bench/run.py --so-dir "$SO" --out "$OUT" "$@"
