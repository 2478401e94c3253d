"""Rust threads and the main interpreter's shutdown (issue 19): a thread that keeps
attaching through an `Interpreter` handle while the main thread calls `sys.exit` must see
`InterpreterGone` and let the process exit with its status, never hang or crash it; a
guard holds the shutdown off until its work is done. Each run is a fresh process.

Runs on every supported CPython: 3.15+ use PEP 788, 3.11 to 3.14 abide's `atexit` record.
"""

import concurrent.futures
import os
import re
import subprocess
import sys
import time

import testmod
from _support import record

RUNS = 50
# Generous: a run takes well under a second; a hang is what this bounds.
TIMEOUT = 60

ATTACHER = r"""
import sys, time
import testmod

def callback():
    return sum(range(50))

def sleepy():
    time.sleep(0.005)  # detaches inside the callback: shutdown starts meanwhile

testmod.start_attacher(sleepy if {sleepy} else callback)
time.sleep({delay})
sys.exit({status})
"""

LINE = re.compile(r"attacher: (\d+) attaches, then InterpreterGone")


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(testmod.__file__)
    env["PYTHONFAULTHANDLER"] = "1"
    return env


def _run(script):
    """Runs `script` in a fresh interpreter; returns (status, stdout, stderr, seconds)."""
    started = time.monotonic()
    try:
        p = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=_env(),
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"hung for {TIMEOUT}s: {e.stderr!r}") from None
    return p.returncode, p.stdout, p.stderr, time.monotonic() - started


def test_rust_threads_attaching_during_sys_exit():
    """50 processes: half with a callback that computes, half with one that detaches
    (sleeps) so that shutdown begins while it is inside; exit delays from 1 to 25 ms."""
    scripts = [
        ATTACHER.format(sleepy=i % 2 == 1, delay=0.001 + (i % 25) / 1000, status=0)
        for i in range(RUNS)
    ]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(_run, scripts))
    attaches = []
    for i, (status, _out, err, _secs) in enumerate(results):
        assert status == 0, f"run {i}: status {status}\n{err}"
        found = LINE.findall(err)
        assert len(found) == 1, f"run {i}: the thread did not report InterpreterGone\n{err}"
        assert "Fatal Python error" not in err, f"run {i}\n{err}"
        assert "still running at exit" not in err, f"run {i}\n{err}"
        attaches.append(int(found[0]))
    # The threads really ran Python while the main thread was exiting.
    assert sum(1 for n in attaches if n > 0) >= RUNS // 2, attaches
    seconds = [r[3] for r in results]
    record("shutdown_runs", RUNS)
    record("shutdown_exit_0", sum(1 for r in results if r[0] == 0))
    record("shutdown_saw_gone", len(attaches))
    record("shutdown_attaches", sum(attaches))
    record("shutdown_max_ms", int(max(seconds) * 1000))
    record("shutdown_total_ms", int(sum(seconds) * 1000))


def test_exit_status_is_kept():
    """A non-zero `sys.exit` status reaches the parent unchanged."""
    status, _out, err, _secs = _run(ATTACHER.format(sleepy=False, delay=0.01, status=3))
    assert status == 3, err
    assert len(LINE.findall(err)) == 1, err


def test_a_guard_holds_off_shutdown_until_its_work_is_done():
    """A guard taken before `sys.exit`, used 200 ms later from a Rust thread: the process
    waits for it, and the callback runs with Python still whole (it imports and prints)."""
    script = (
        "import sys, testmod\n"
        "def late():\n"
        "    import json\n"
        "    print('guarded callback ran', json.dumps([1]), flush=True)\n"
        "testmod.guard_then_call_later(late, 0.2)\n"
        "sys.exit(0)\n"
    )
    status, out, err, _secs = _run(script)
    assert status == 0, err
    assert "guarded callback ran [1]" in out, (out, err)
    assert "Fatal Python error" not in err, err


def test_a_handle_dropped_after_finalization_is_harmless():
    """A handle kept in a Rust static is dropped after Python has finalized (by a
    `Py_AtExit` hook): nothing happens."""
    script = "import sys, testmod\ntestmod.keep_interpreter()\nsys.exit(0)\n"
    status, _out, err, _secs = _run(script)
    assert status == 0, err
    assert "kept handle dropped after finalization" in err, err


def test_a_handle_attaches_in_this_process():
    """Control for the runs above: the same handle attaches while the interpreter lives."""
    assert testmod.keep_interpreter() == 0
    assert testmod.attach_kept() == "attached"
    assert testmod.drop_kept_interpreter()
