//! Symbol audit: every example extension imports only abi3t Stable ABI symbols, no newer
//! than 3.11 in abide's default (universal) build, 3.13 with `abi3-py313` and 3.15 with
//! `abi3t-only`; it exports `PyModExport_<module>`, plus `PyInit_<module>` unless built
//! `abi3t-only` (the `U_` forms with the Punycode of a name that is not ASCII); and the
//! audit itself can fail (the negative control).

use abide_tests::audit::{Finding, StableAbi, Target, audit};
use abide_tests::{build_cdylib, build_cdylib_with_features};

/// The example libraries: (cargo package, Python module).
const EXAMPLES: &[(&str, &str)] = &[
    ("hello", "hello"),
    ("shapes", "shapes"),
    ("abide-testmod", "testmod"),
    // Entry points `PyModExportU_caf_dma` and `PyInitU_caf_dma`.
    ("abide-unicode-module", "café"),
    // A PyO3-style port: enums whose variants carry data.
    ("abide-port-enums", "enums"),
    // Built-in bases, `dict` and `weakref` (tests/ports/errors).
    ("abide-port-errors", "errors"),
    // Interpreter handles (PEP 788, looked up) in a worker pool.
    ("worker_pool", "worker_pool"),
];

#[test]
fn examples_use_only_the_abi3t_stable_abi() {
    let imports = audit_examples(Target::Universal);
    // The 3.12 and 3.13 functions abide uses are looked up, not linked.
    assert!(!imports.iter().any(|i| i == "PyObject_GetTypeData"));
}

/// Issue 19: the PEP 788 functions behind `abide::interpreter` are 3.15 stable ABI,
/// offered to abi3t; the default build looks them up when it loads instead of importing
/// them (so it still loads on 3.11 to 3.14), even in testmod, which calls them.
#[test]
fn pep_788_functions_are_known_and_looked_up() {
    let abi = StableAbi::load();
    let imports = audit_examples(Target::Universal);
    let testmod = std::fs::read(build_cdylib("abide-testmod")).expect("read testmod");
    for name in abide::interpreter::pep_788_functions() {
        let name = name.to_str().expect("ASCII");
        let entry = abi.0.get(name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(entry.added, (3, 15), "{name}");
        assert!(entry.abi3t, "{name} should be offered to abi3t");
        assert!(!imports.iter().any(|i| i == name), "{name} is imported");
        // The name the loader looks up is in the library (NUL-terminated).
        let needle = [name.as_bytes(), b"\0"].concat();
        assert!(
            testmod.windows(needle.len()).any(|w| w == needle),
            "{name} is not looked up"
        );
    }
}

#[test]
fn abi3t_only_examples_export_no_pyinit() {
    audit_examples(Target::Abi3tOnly);
}

/// `abi3-py313` links the functions of 3.12 and 3.13 instead of looking them up: the
/// libraries import them (so the feature does what it says), and nothing newer.
#[test]
fn abi3_py313_examples_link_their_3_13_functions() {
    let imports = audit_examples(Target::UniversalFrom313);
    for symbol in ["PyObject_GetTypeData", "PyErr_GetRaisedException"] {
        assert!(
            imports.iter().any(|i| i == symbol),
            "{symbol} is not imported with abi3-py313"
        );
    }
}

/// Audits every example built for `target`; returns the union of their imports.
fn audit_examples(target: Target) -> Vec<String> {
    let abi = StableAbi::load();
    let mut failures = Vec::new();
    let mut all_imports = Vec::new();
    for &(package, module) in EXAMPLES {
        let lib = match target {
            Target::Universal => build_cdylib(package),
            Target::UniversalFrom313 => build_cdylib_with_features(package, "abide/abi3-py313"),
            Target::Abi3tOnly => build_cdylib_with_features(package, "abide/abi3t-only"),
        };
        let report = audit(&lib, module, &abi, target);
        println!(
            "{package} ({target:?}): imports {} Py* symbols: {}",
            report.imports.len(),
            report.imports.join(" ")
        );
        failures.extend(report.findings.iter().map(|f| format!("{package}: {f}")));
        all_imports.extend(report.imports);
    }
    assert!(
        failures.is_empty(),
        "symbol audit failed:\n  {}",
        failures.join("\n  ")
    );
    all_imports
}

#[test]
fn audit_flags_the_negative_control() {
    let abi = StableAbi::load();
    let lib = build_cdylib("abide-audit-negative");
    let report = audit(&lib, "audit_negative", &abi, Target::Abi3tOnly);
    assert_eq!(
        report.findings,
        [
            Finding::NotAbi3t("PySys_HasWarnOptions".into()),
            Finding::TooNew("Py_HashBuffer".into(), (3, 16), (3, 15)),
            Finding::NotStable("_PyObject_GetDictPtr".into()),
            Finding::PyInit("PyInitU_ngatif_bva".into()),
            Finding::PyInit("PyInit_audit_negative".into()),
        ]
    );
    // A missing entry point is flagged too.
    let report = audit(&lib, "other_name", &abi, Target::Abi3tOnly);
    assert!(
        report
            .findings
            .contains(&Finding::NoModExport("PyModExport_other_name".into()))
    );
    // Judged as a universal library, its 3.12 import is too new as well (as is the
    // 3.16 one), its PyInit_ is fine, and the PyInitU_ of another module is not.
    let report = audit(&lib, "audit_negative", &abi, Target::Universal);
    for (symbol, added) in [
        ("PyObject_GetTypeData", (3, 12)),
        ("Py_HashBuffer", (3, 16)),
    ] {
        assert!(
            report
                .findings
                .contains(&Finding::TooNew(symbol.into(), added, (3, 11))),
            "{symbol}: {:?}",
            report.findings
        );
    }
    let pyinits: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| matches!(f, Finding::PyInit(_)))
        .collect();
    assert_eq!(pyinits, [&Finding::PyInit("PyInitU_ngatif_bva".into())]);
    // A module name that is not ASCII is looked up under its Punycode hook names.
    let report = audit(&lib, "négatif", &abi, Target::Universal);
    assert!(
        report
            .findings
            .contains(&Finding::NoModExport("PyModExportU_ngatif_bva".into()))
    );
    // Its PyInitU_ is then the module's own, and PyInit_audit_negative another's.
    assert!(
        !report
            .findings
            .iter()
            .any(|f| matches!(f, Finding::NoPyInit(_)))
    );
    assert!(
        !report
            .findings
            .contains(&Finding::PyInit("PyInitU_ngatif_bva".into()))
    );
    assert!(
        report
            .findings
            .contains(&Finding::PyInit("PyInit_audit_negative".into()))
    );
}

#[test]
fn stable_abi_list_covers_the_target() {
    let abi = StableAbi::load();
    for (symbol, added) in [
        ("Py_IncRef", (3, 2)),
        ("Py_GetConstantBorrowed", (3, 13)),
        ("Py_TYPE", (3, 14)),
        ("PyType_GetBaseByToken", (3, 14)),
        ("PyABIInfo_Check", (3, 15)),
        ("PyModule_GetState_DuringGC", (3, 15)),
    ] {
        let entry = abi
            .0
            .get(symbol)
            .unwrap_or_else(|| panic!("{symbol} missing"));
        assert_eq!(entry.added, added, "{symbol}");
        assert!(entry.abi3t, "{symbol} should be offered to abi3t");
    }
}
