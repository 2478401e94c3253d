//! trybuild: programs that must not compile under abi3t (`tests/ui/compile_fail/`, each
//! with its reviewed `.stderr`), and the allowed forms, which must (`tests/ui/pass/`).
//! Allowed forms with `#[pymethods]` cannot be linked into a binary without an
//! interpreter; they live in `tests/ui/pass_lib/` and are compiled as part of this
//! crate's library (see `src/lib.rs`).
//!
//! After a deliberate change, regenerate with `TRYBUILD=overwrite cargo test -p
//! abide-ui-tests` and review every changed `.stderr`: the error must point at the
//! user's own code and say what to write instead.

#[test]
fn ui() {
    // trybuild runs cargo inside this workspace's target directory, with this process's
    // environment: both must configure pyo3-ffi for abi3t, as `.cargo/config.toml` does.
    for var in ["PYO3_NO_PYTHON", "PYO3_BUILD_EXTENSION_MODULE"] {
        assert_eq!(
            std::env::var(var).as_deref(),
            Ok("1"),
            "{var}=1 must be set (see .cargo/config.toml [env])"
        );
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/compile_fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
