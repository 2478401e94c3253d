//! Type stubs: each example commits `<module>.pyi` (next to its Cargo.toml, for type
//! checkers in the source tree), and its wheel ships a freshly generated one as
//! `<module>/__init__.pyi` with `py.typed`. The stub is generated from the extension
//! itself (`abide-build stubgen`, `abide-build stubs`), so:
//!
//! - the committed stub must equal a freshly generated one (run with
//!   `ABIDE_UPDATE_STUBS=1` to rewrite it after changing an example);
//! - mypy's `stubtest` must find no difference between the stub and the module, both as
//!   installed from the example's wheel into a fresh CPython 3.15 venv and a fresh
//!   free-threaded 3.15t venv;
//! - mypy must accept code that uses the module correctly and reject code that does not,
//!   and that code runs as the stub says.

use abide_tests::audit::exports;
use abide_tests::wheel::run;
use abide_tests::{
    build_cdylib, build_cdylib_with_features, install_module, python, repo_root, stubgen, wheel,
};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The mypy that checks the stubs (stubtest is part of it).
const MYPY: &str = "mypy==2.4.1";

/// The committed `examples/<example>/<module>.pyi` equals what `abide-build stubgen` makes
/// of the freshly built extension.
fn check_current(example: &str, module: &str) {
    let lib = build_cdylib_with_features(example, "abide/stubs");
    let dir = install_module(&lib, module, &format!("stubs-{module}"));
    let fresh = stubgen(&dir, module);
    let committed_path = repo_root()
        .join("examples")
        .join(example)
        .join(format!("{module}.pyi"));
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if fresh == committed {
        return;
    }
    if std::env::var_os("ABIDE_UPDATE_STUBS").is_some() {
        std::fs::write(&committed_path, &fresh).expect("write the stub");
        eprintln!("updated {}", committed_path.display());
        return;
    }
    let first_difference = fresh
        .lines()
        .zip(committed.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| fresh.lines().count().min(committed.lines().count()));
    panic!(
        "{} is out of date (first difference at line {}); regenerate it with \
         `ABIDE_UPDATE_STUBS=1 cargo test -p abide-tests --test stubs`.\nGenerated:\n{fresh}",
        committed_path.display(),
        first_difference + 1
    );
}

/// The stub composer is only in builds with the `stubs` feature; stubgen says what to do
/// with a library built without it.
#[test]
fn only_stubs_builds_carry_the_composer() {
    let with = build_cdylib_with_features("hello", "abide/stubs");
    let without = build_cdylib("hello");
    let has = |lib: &Path| exports(lib).iter().any(|s| s == "abide_module_stubs");
    assert!(has(&with), "{} lacks abide_module_stubs", with.display());
    assert!(
        !has(&without),
        "{} exports abide_module_stubs",
        without.display()
    );

    // Run as the guide says: from the folder that holds the module, no PYTHONPATH.
    let dir = install_module(&without, "hello", "stubs-without-feature");
    let out = abide_tests::backend::abide_build()
        .current_dir(&dir)
        .args(["stubgen", "hello", "--out", "-"])
        .env_remove("PYTHONPATH")
        .output()
        .expect("run abide-build stubgen");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "stubgen succeeded without the composer"
    );
    assert!(
        stderr.contains("--features abide/stubs"),
        "stubgen's message does not say how to build: {stderr}"
    );
    assert!(
        !stderr.contains("Traceback"),
        "stubgen's failure is a traceback, not a message: {stderr}"
    );
}

/// `abide-build stubgen` run from the folder that holds the module, without
/// `PYTHONPATH`, writes `<module>.pyi` there: the same text as from another folder.
#[test]
fn stubgen_runs_from_the_module_folder() {
    let lib = build_cdylib_with_features("hello", "abide/stubs");
    let dir = install_module(&lib, "hello", "stubs-from-cwd");
    let _ = std::fs::remove_file(dir.join("hello.pyi"));
    run(
        abide_tests::backend::abide_build()
            .current_dir(&dir)
            .args(["stubgen", "hello"])
            .env_remove("PYTHONPATH"),
        "abide-build stubgen hello",
    );
    let written = std::fs::read_to_string(dir.join("hello.pyi")).expect("hello.pyi written");
    assert_eq!(written, stubgen(&dir, "hello"));
    assert!(written.contains("def add("), "{written}");
}

#[test]
fn hello_stub_is_current() {
    check_current("hello", "hello");
}

#[test]
fn shapes_stub_is_current() {
    check_current("shapes", "shapes");
}

#[test]
fn tokio_tasks_stub_is_current() {
    check_current("tokio_tasks", "tokio_tasks");
}

#[test]
fn worker_pool_stub_is_current() {
    check_current("worker_pool", "worker_pool");
}

/// A fresh venv of CPython `version` with the example's wheel and mypy installed; returns
/// its python and an empty working directory to run it in.
fn venv_with_wheel(example: &str, module: &str, version: &str) -> (PathBuf, PathBuf) {
    let wheel = wheel::build(example);
    let listing = run(
        Command::new(python("3.15"))
            .args(["-m", "zipfile", "--list"])
            .arg(&wheel),
        "list the wheel",
    );
    let listing = String::from_utf8_lossy(&listing.stdout);
    for file in [
        format!("{module}/__init__.pyi"),
        format!("{module}/py.typed"),
    ] {
        assert!(
            listing.lines().any(|l| l.starts_with(&format!("{file} "))),
            "{} has no {file}:\n{listing}",
            wheel.display()
        );
    }
    let root = wheel::wheels_dir()
        .join("stubs")
        .join(format!("{module}-{version}"));
    let py = wheel::fresh_venv(&python(version), &root.join("venv"));
    run(
        Command::new(python("3.15"))
            .args(["-m", "pip", "--python"])
            .arg(&py)
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(&wheel)
            .arg(MYPY),
        &format!("pip install {} {MYPY}", wheel.display()),
    );
    let cwd = root.join("cwd");
    let _ = std::fs::remove_dir_all(&cwd);
    std::fs::create_dir_all(&cwd).expect("create the working directory");
    (py, cwd)
}

fn python_in(py: &Path, cwd: &Path) -> Command {
    let mut cmd = Command::new(py);
    cmd.current_dir(cwd)
        .env_remove("PYTHONPATH")
        .env_remove("MYPYPATH")
        .env("PYTHONNOUSERSITE", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    cmd
}

/// stubtest compares the installed stub with the installed module: every name, signature,
/// default, property, static and class method, base class and `@final`.
fn stubtest(py: &Path, cwd: &Path, module: &str) {
    let out = run(
        python_in(py, cwd).args(["-m", "mypy.stubtest", module]),
        &format!("stubtest {module}"),
    );
    eprintln!(
        "stubtest {module}: {}",
        String::from_utf8_lossy(&out.stdout).trim()
    );
}

/// Type-checks `code` with `mypy --strict` against the installed stubs: exactly the lines
/// marked `# error` must be reported. The code without those lines is then run, so what
/// the stub claims (`assert_type`) is what the module does.
fn type_check(py: &Path, cwd: &Path, name: &str, code: &str) {
    let file = cwd.join(format!("{name}.py"));
    std::fs::write(&file, code).expect("write the snippet");
    let out = python_in(py, cwd)
        .args(["-m", "mypy", "--strict", "--no-incremental"])
        .arg(&file)
        .output()
        .expect("run mypy");
    let report = String::from_utf8_lossy(&out.stdout);
    let prefix = format!("{name}.py:");
    // Every error must be on a line of the snippet: one in the stub itself, or without a
    // line (a mypy crash, a missing module), is a failure, not a line to ignore.
    let mut reported: Vec<usize> = Vec::new();
    for line in report.lines().filter(|l| l.contains(": error:")) {
        let at = line
            .split(&prefix)
            .nth(1)
            .and_then(|rest| rest.split(':').next()?.parse().ok());
        match at {
            Some(n) => reported.push(n),
            None => panic!("mypy --strict {name}.py: an error outside the snippet:\n{report}"),
        }
    }
    reported.dedup();
    // mypy exits 1 when it reports errors and 0 when not; anything else (2: it crashed or
    // could not run) means it checked nothing.
    let expected_status = if reported.is_empty() { 0 } else { 1 };
    assert_eq!(
        out.status.code(),
        Some(expected_status),
        "mypy --strict {name}.py exited with {} for {} errors:\n{report}\n{}",
        out.status,
        reported.len(),
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<usize> = code
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with("# error"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(
        reported, expected,
        "mypy --strict {name}.py: errors on lines {reported:?}, expected on {expected:?}:\n{report}"
    );
    let runnable: String = code
        .lines()
        .filter(|l| !l.trim_end().ends_with("# error"))
        .map(|l| format!("{l}\n"))
        .collect();
    let file = cwd.join(format!("{name}_run.py"));
    std::fs::write(&file, runnable).expect("write the snippet");
    run(python_in(py, cwd).arg(&file), &format!("python {name}.py"));
}

const HELLO_USE: &str = r#"
from typing import assert_type

import hello

assert_type(hello.add(2, 3), int)
assert_type(hello.greet("Ada"), str)
assert_type(hello.greet("Ada", greeting="Hi"), str)
assert hello.greet("Ada", greeting="Hi") == "Hi, Ada!"
hello.add("2", 3)  # error
hello.greet("Ada", "Hi")  # error
hello.greet(name="Ada", greting="Hi")  # error
x: str = hello.add(1, 2)  # error
"#;

const SHAPES_USE: &str = r#"
from typing import Any, assert_type

import shapes

v = shapes.Vector(3.0, 4.0)
assert_type(v.norm(), float)
assert_type(v.x, float)
v.x = 3.0
assert_type(v + v, shapes.Vector)
assert_type(v - v, shapes.Vector)
assert_type(v * 2.0, shapes.Vector)
assert_type(2.0 * v, shapes.Vector)
assert_type(-v, shapes.Vector)
assert_type(abs(v), float)
assert_type(v[0], float)
assert_type(len(v), int)
assert_type(v == v, bool)
assert_type(hash(v), int)
assert_type(v.dot(shapes.Vector.zero()), float)
assert_type(shapes.Vector.unit_x(), shapes.Vector)
assert_type(v.rotated(90), shapes.Vector)
assert_type(v.polar(), tuple[float, float])
assert_type(v.rotated(1.5), shapes.Vector)
v.rotated("90")  # error
assert_type(shapes.Vector.DIMENSIONS, int)
w = shapes.Vector(1.0, 1.0)
w += v
assert_type(w, shapes.Vector)

class Scaled(shapes.Vector):
    pass

assert_type(Scaled(1.0, 2.0), Scaled)
assert_type(Scaled.unit_x(), Scaled)

n = shapes.NamedVector("n", 1.0, 2.0)
n.name = "m"
assert_type(n.name, str)
assert_type(n.norm(), float)

p = shapes.Polygon([v, shapes.Vector(0.0, 1.0), n], label="triangle")
p2 = shapes.Polygon((v, v, v))
p3 = shapes.Polygon(vertex for vertex in p)
assert_type(p.area(), float)
assert_type(len(p), int)
assert_type(p[0], shapes.Vector)
p[0] = shapes.Vector()
assert_type(v in p, bool)
for vertex in p:
    assert_type(vertex, shapes.Vector)
assert_type(p.label, Any)

t = shapes.Tally(step=2)
t.incr()
assert_type(t.count, int)
assert_type(t.step, int)

try:
    shapes.Polygon([v])
except shapes.GeometryError as e:
    assert_type(e, shapes.GeometryError)
    assert isinstance(e, ValueError)

shapes.Vector("1", 2.0)  # error
v.dot(1.0)  # error
shapes.Polygon([1.0, 2.0, 3.0])  # error
t.count = 3  # error
shapes.Tally(step=1).missing()  # error
"#;

/// `async fn`s are typed as returning `Coroutine[Any, Any, T]`: awaiting one gives `T`,
/// and `asyncio.run` and `asyncio.gather` accept them.
const TOKIO_TASKS_USE: &str = r#"
import asyncio
from collections.abc import Coroutine
from typing import Any, assert_type

import tokio_tasks as tt


async def main() -> None:
    assert_type(await tt.sum_squares(10, 2), int)
    assert_type(await tt.sleep(0.001, "x"), Any)
    ch = tt.Channel()
    ch.send(1)
    assert_type(await ch.recv(), Any)
    total: int = await tt.sum_squares(10, 2)
    both = await asyncio.gather(tt.sum_squares(3, 1), tt.sum_squares(4, 1))
    assert_type(both, tuple[int, int])
    assert total == 285
    x: str = await tt.sum_squares(1, 1)  # error
    tt.sum_squares(1, "2")  # error


pending = tt.sum_squares(1, 1)
_ = assert_type(pending, Coroutine[Any, Any, int])
pending.close()
asyncio.run(main())
"#;

fn check_installed(example: &str, module: &str, version: &str, usage: &str) {
    let (py, cwd) = venv_with_wheel(example, module, version);
    stubtest(&py, &cwd, module);
    type_check(&py, &cwd, &format!("use_{module}"), usage);
}

abide_tests::per_version! {
    hello_stub_checks_against_the_installed_wheel [cpython_315 cpython_315t] =>
        |v| check_installed("hello", "hello", v, HELLO_USE);
    shapes_stub_checks_against_the_installed_wheel [cpython_315 cpython_315t] =>
        |v| check_installed("shapes", "shapes", v, SHAPES_USE);
    tokio_tasks_stub_checks_against_the_installed_wheel [cpython_315 cpython_315t] =>
        |v| check_installed("tokio_tasks", "tokio_tasks", v, TOKIO_TASKS_USE);
}

/// A data enum's variant classes (`Shape.Circle`) are nested in the enum's class in the
/// stub, with `__match_args__` as a literal so that type checkers follow `match`; stubtest
/// and `mypy --strict` agree with the module (the enums port, as a module directory).
#[test]
fn data_enum_variants_are_nested_classes_in_the_stub() {
    let lib = build_cdylib_with_features("abide-port-enums", "abide/stubs");
    let dir = install_module(&lib, "enums", "stubs-enums");
    let stub = stubgen(&dir, "enums");
    for expected in [
        "class Shape:\n",
        "    @final\n    class Circle(Shape):\n        \"\"\"A circle of radius `r`.\"\"\"\n",
        "        __match_args__ = (\"_0\", \"_1\")\n",
        "        def __new__(cls, side: SupportsFloat | SupportsIndex = 1.0) -> Self: ...\n",
        "    class Empty(Shape):\n        __match_args__ = ()\n",
    ] {
        assert!(
            stub.contains(expected),
            "no {expected:?} in the stub:\n{stub}"
        );
    }
    std::fs::write(dir.join("enums.pyi"), &stub).expect("write the stub");
    let py = wheel::fresh_venv(&python("3.15"), &dir.join("venv"));
    run(
        Command::new(python("3.15"))
            .args(["-m", "pip", "--python"])
            .arg(&py)
            .args(["install", "--quiet", "--disable-pip-version-check", MYPY]),
        &format!("pip install {MYPY}"),
    );
    stubtest(&py, &dir, "enums");
    type_check(&py, &dir, "enums_use", ENUMS_USE);
}

const ENUMS_USE: &str = r#"
from typing import assert_type

import enums
from enums import Command, Direction, Shape


def area_text(shape: Shape) -> str:
    match shape:
        case Shape.Circle(r):
            assert_type(r, float)
            return f"circle {r}"
        case Shape.Rect(w, h):
            return f"rect {w * h}"
        case _:
            return "other"


assert area_text(enums.double(Shape.Rect(1, 2))) == "rect 8.0"
assert_type(Shape.Rect(1, 2)._1, float)
assert_type(enums.parse_command("move north 1"), Command)
assert_type(Command.Move(Direction.North, 2).direction, Direction)
assert isinstance(Shape.Square(), Shape)
Shape.Circle("x")  # error
Shape.Circle(1.0).r = 2.0  # error
n: str = Shape.Circle(1.0).r  # error
"#;
