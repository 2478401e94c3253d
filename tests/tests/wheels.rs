//! Builds each example's one wheel (`scripts/build-wheel.sh`: maturin, then the library
//! becomes `<module>/__init__.so` and the wheel is retagged `cp311-abi3.abi3t`), installs it
//! with pip into a fresh venv of CPython 3.11, 3.12, 3.13, 3.14, 3.15 and the free-threaded
//! 3.15t, and runs the example's Python tests against the installed module. The build also
//! runs abi3audit and abi3t-doctor, and fails on any finding the wheel's form does not
//! imply (`scripts/wheel-audit.py`).

use abide_tests::wheel;

/// `test_hello.py` checks the file name `tests/tests/examples.rs` copies the library to
/// (`.abi3t.so` / `.abi3.so`); the wheel's name is `hello/__init__.so`, which
/// `wheel::test_installed` checks instead.
const HELLO_NOT_FOR_WHEELS: &[&str] = &["test_loaded_as_stable_abi_library"];

/// The universal wheel's python and ABI tags: abide's oldest CPython, 3.11, and both
/// stable ABIs.
const UNIVERSAL_TAG: &str = "cp311-abi3.abi3t";

fn check(example: &str, module: &str, test_file: &str, version: &str, deselect: &[&str]) {
    let base = abide_tests::python(version);
    let wheel = wheel::build(example);
    let name = wheel.file_name().unwrap_or_default().to_string_lossy();
    let platform = name
        .strip_suffix(".whl")
        .and_then(|n| n.split_once(&format!("-{UNIVERSAL_TAG}-")))
        .map(|(_, platform)| platform)
        .unwrap_or_else(|| panic!("{name} is not tagged {UNIVERSAL_TAG}"));
    // The file name is what pip matches; WHEEL's tags and Requires-Python must agree
    // with it, or installers that read the metadata refuse what pip accepted.
    let declared = wheel::declared(&wheel);
    assert_eq!(
        declared.tags,
        [
            format!("cp311-abi3-{platform}"),
            format!("cp311-abi3t-{platform}")
        ],
        "{name}: the tags in its WHEEL file"
    );
    assert_eq!(
        declared.requires_python, ">=3.11",
        "{name}: Requires-Python"
    );
    wheel::test_installed(version, &base, &wheel, module, test_file, deselect);
}

abide_tests::per_version! {
    hello_wheel [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| check("hello", "hello", "tests/python/test_hello.py", v, HELLO_NOT_FOR_WHEELS);
    shapes_wheel [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| check("shapes", "shapes", "tests/python/test_shapes.py", v, &[]);
}
