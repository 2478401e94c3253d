#!/usr/bin/env bash
# The main job, end to end: provision CPython 3.15 if needed, build examples/hello as an
# abi3t extension, and call it from Python.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=$(scripts/provision-python.sh 3.15 | tail -n1)
cargo build --release -p hello
out=target/hello-demo
rm -rf "$out" && mkdir -p "$out"
cp target/release/libhello.so "$out/hello.abi3t.so"

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
