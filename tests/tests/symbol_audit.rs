//! Symbol audit: every example extension imports only abi3t Stable ABI symbols of CPython
//! 3.15 or older, exports `PyModExport_<module>` and no `PyInit_`; and the audit itself can
//! fail (the negative control).

use abide_tests::audit::{Finding, StableAbi, audit};
use abide_tests::build_cdylib;

/// The example libraries: (cargo package, Python module).
const EXAMPLES: &[(&str, &str)] = &[("hello", "hello"), ("abide-testmod", "testmod")];

#[test]
fn examples_use_only_the_abi3t_stable_abi() {
    let abi = StableAbi::load();
    let mut failures = Vec::new();
    for &(package, module) in EXAMPLES {
        let report = audit(&build_cdylib(package), module, &abi);
        println!(
            "{package}: imports {} Py* symbols: {}",
            report.imports.len(),
            report.imports.join(" ")
        );
        failures.extend(report.findings.iter().map(|f| format!("{package}: {f}")));
    }
    assert!(
        failures.is_empty(),
        "symbol audit failed:\n  {}",
        failures.join("\n  ")
    );
}

#[test]
fn audit_flags_the_negative_control() {
    let abi = StableAbi::load();
    let lib = build_cdylib("abide-audit-negative");
    let report = audit(&lib, "audit_negative", &abi);
    assert_eq!(
        report.findings,
        [
            Finding::NotAbi3t("PySys_HasWarnOptions".into()),
            Finding::TooNew("Py_HashBuffer".into(), (3, 16)),
            Finding::NotStable("_PyObject_GetDictPtr".into()),
            Finding::PyInit("PyInit_audit_negative".into()),
        ]
    );
    // A missing entry point is flagged too.
    let report = audit(&lib, "other_name", &abi);
    assert!(
        report
            .findings
            .contains(&Finding::NoModExport("PyModExport_other_name".into()))
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
