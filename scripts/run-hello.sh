#!/usr/bin/env bash
# The main job, end to end: provision CPython 3.15 if needed, build examples/hello as an
# abi3t extension, and call it from Python; then load the same file on CPython 3.11 (as
# `hello.abi3.so`) and on the free-threaded 3.15t, the oldest and the newest kind of
# interpreter it serves.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=$(scripts/provision-python.sh 3.15 | tail -n1)
cargo build --release -p hello
out=target/hello-demo
rm -rf "$out" && mkdir -p "$out/abi3"
cp target/release/libhello.so "$out/hello.abi3t.so"
cp target/release/libhello.so "$out/abi3/hello.abi3.so"

PYTHONPATH="$out" "$PY" - <<'PYTHON'
import inspect, sys
import hello

print(f"Python {sys.version.split()[0]} loaded {hello.__file__}")
print("hello.add(2, 3) =", hello.add(2, 3))
print('hello.greet("Ada", greeting="Hi") =', repr(hello.greet("Ada", greeting="Hi")))
print("hello.add.__doc__ =", repr(hello.add.__doc__))
print("inspect.signature(hello.add) =", inspect.signature(hello.add))
print("inspect.signature(hello.greet) =", inspect.signature(hello.greet))
try:
    hello.add("x", 1)
except TypeError as e:
    print("hello.add('x', 1) raised TypeError:", e)
PYTHON

# The same library file on the other kinds of interpreter.
ONE_LINE='import sys, sysconfig, hello
build = "free-threaded" if sysconfig.get_config_var("Py_GIL_DISABLED") else "GIL"
print(f"Python {sys.version.split()[0]} ({build}) loaded {hello.__file__}: add(2, 3) = {hello.add(2, 3)}")'
PY311=$(scripts/provision-python.sh 3.11 | tail -n1)
PYTHONPATH="$out/abi3" "$PY311" -c "$ONE_LINE"
PY315T=$(scripts/provision-python.sh 3.15t | tail -n1)
PYTHONPATH="$out" "$PY315T" -c "$ONE_LINE"
