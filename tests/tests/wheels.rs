//! Builds each example's one wheel (`scripts/build-wheel.sh`: maturin, then the library
//! becomes `<module>/__init__.so` and the wheel is retagged `cp313-abi3.abi3t`), installs it
//! with pip into a fresh venv of CPython 3.13, 3.14, 3.15 and the free-threaded 3.15t,
//! and runs the example's Python tests against the installed module. The build also runs
//! abi3audit (reported) and abi3t-doctor (gating).

use abide_tests::wheel;

/// `test_hello.py` checks the file name `tests/tests/examples.rs` copies the library to
/// (`.abi3t.so` / `.abi3.so`); the wheel's name is `hello/__init__.so`, which
/// `wheel::test_installed` checks instead.
const HELLO_NOT_FOR_WHEELS: &[&str] = &["test_loaded_as_stable_abi_library"];

fn check(example: &str, module: &str, test_file: &str, version: &str, deselect: &[&str]) {
    let base = abide_tests::python(version);
    let wheel = wheel::build(example);
    let name = wheel.file_name().unwrap_or_default().to_string_lossy();
    assert!(
        name.contains("-cp313-abi3.abi3t-"),
        "{name} is not tagged cp313-abi3.abi3t"
    );
    wheel::test_installed(version, &base, &wheel, module, test_file, deselect);
}

abide_tests::per_version! {
    hello_wheel [cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| check("hello", "hello", "tests/python/test_hello.py", v, HELLO_NOT_FOR_WHEELS);
    shapes_wheel [cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| check("shapes", "shapes", "tests/python/test_shapes.py", v, &[]);
}
