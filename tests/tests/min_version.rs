//! The `abi3-py313` feature: a library for CPython 3.13+ only, which links the functions of
//! 3.12 and 3.13 instead of looking them up. Its examples pass their Python tests on every
//! version it supports, and an older CPython refuses it with an `ImportError` (a 3.13
//! function missing at load time, which the runtime always imports in this build), not a
//! crash.

use abide_tests::{
    build_cdylib_with_features, install_module_as, pytest, python, stable_abi_suffix,
};
use std::process::Command;

const FEATURE: &str = "abide/abi3-py313";

fn shapes_on(version: &str) {
    let lib = build_cdylib_with_features("shapes", FEATURE);
    let dir = install_module_as(
        &lib,
        "shapes",
        stable_abi_suffix(version),
        &format!("shapes-abi3-py313-{version}"),
    );
    pytest(&python(version), &dir, "tests/python/test_shapes.py", &[]);
}

abide_tests::per_version! {
    /// The shapes example built with `abi3-py313`.
    shapes_abi3_py313 [cpython_313 cpython_314 cpython_315 cpython_315t] => shapes_on;
    /// Older interpreters refuse it at import, with the symbol it lacks.
    abi3_py313_refused [cpython_311 cpython_312] => refused_on;
}

fn refused_on(version: &str) {
    let lib = build_cdylib_with_features("hello", FEATURE);
    let dir = install_module_as(
        &lib,
        "hello",
        stable_abi_suffix(version),
        &format!("hello-abi3-py313-{version}"),
    );
    let out = Command::new(python(version))
        .args([
            "-c",
            "try:\n    import hello\nexcept ImportError as e:\n    print('ImportError:', e)\nelse:\n    print('imported')",
        ])
        .env("PYTHONPATH", &dir)
        .output()
        .expect("run python");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{version}: {out:?}");
    assert!(
        stdout.starts_with("ImportError:") && stdout.contains("undefined symbol"),
        "{version}: {stdout}"
    );
}
