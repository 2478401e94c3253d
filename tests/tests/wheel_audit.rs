//! `scripts/wheel-audit.py`, the judge of the abi3audit and abi3t-doctor reports on the
//! wheels the tests build, on reports written here: it waives exactly what a universal
//! wheel's form implies and fails the audit on anything else.

use abide_tests::{python, repo_root};
use std::process::{Command, Output};

const WHEEL: &str = "m-0.1.0-cp311-abi3.abi3t-manylinux_2_34_x86_64.whl";
const HOOKS: [&str; 2] = ["PyModExport_m", "PyInit_m"];

/// An abi3audit report on one library (`baseline` from the wheel's tag).
fn abi3audit(baseline: &str, non_abi3: &[&str], future: &[(&str, &str)]) -> String {
    let non_abi3: Vec<String> = non_abi3.iter().map(|s| format!("\"{s}\"")).collect();
    let future: Vec<String> = future
        .iter()
        .map(|(s, v)| format!("\"{s}\": \"{v}\""))
        .collect();
    format!(
        r#"{{"specs": {{"{WHEEL}": {{"kind": "wheel", "wheel": [{{"name": "__init__.so",
        "result": {{"is_abi3": false, "baseline": "{baseline}", "computed": "{baseline}",
        "non_abi3_symbols": [{}], "future_abi3_objects": {{{}}}}}}}]}}}}}}"#,
        non_abi3.join(", "),
        future.join(", ")
    )
}

/// An abi3t-doctor report on one wheel with one extension and these (code, message)s.
fn doctor(findings: &[(&str, &str)]) -> String {
    let findings: Vec<String> = findings
        .iter()
        .map(|(code, message)| {
            format!(
                r#"{{"code": "{code}", "severity": "error", "message": "{message}",
                "subject": "m/__init__.so", "detail": ""}}"#
            )
        })
        .collect();
    format!(
        r#"[{{"filename": "{WHEEL}", "error": null, "extensions": [{{"path": "m/__init__.so"}}],
        "findings": [{}]}}]"#,
        findings.join(", ")
    )
}

fn judge(name: &str, abi3audit: &str, doctor: &str) -> Output {
    let dir = repo_root().join("target").join("wheel-audit").join(name);
    std::fs::create_dir_all(&dir).expect("create report dir");
    let (a, d) = (dir.join("abi3audit.json"), dir.join("doctor.json"));
    std::fs::write(&a, abi3audit).expect("write abi3audit report");
    std::fs::write(&d, doctor).expect("write doctor report");
    Command::new(python("3.15"))
        .arg(repo_root().join("scripts/wheel-audit.py"))
        .args(["universal", WHEEL])
        .arg(&a)
        .arg(&d)
        .args(HOOKS)
        .output()
        .expect("run scripts/wheel-audit.py")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const T103: (&str, &str) = (
    "T103",
    "tag cp311-abi3t-manylinux_2_34_x86_64 claims abi3t below Python 3.15, which PEP 803 does not define",
);
const S207: (&str, &str) = (
    "S207",
    "imports 1 symbol(s) that abi3t makes unusable: PyModuleDef_Init",
);

#[test]
fn waives_what_the_universal_form_implies() {
    let out = judge(
        "clean",
        &abi3audit("3.11", &["PyModExport_m"], &[]),
        &doctor(&[T103, S207]),
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("waived: abi3t-doctor T103"), "{err}");
    assert!(err.contains("waived: abi3t-doctor S207"), "{err}");
    assert!(
        err.contains("waived: abi3audit: PyModExport_m is not abi3"),
        "{err}"
    );
    assert!(err.contains("audit: no unexpected findings"), "{err}");
}

#[test]
fn fails_on_a_symbol_newer_than_the_tag() {
    let s206 = (
        "S206",
        "imports 1 Stable ABI symbol(s) newer than the claimed Python 3.11: PyObject_GetTypeData",
    );
    let out = judge(
        "newer",
        &abi3audit(
            "3.11",
            &["PyModExport_m"],
            &[("PyObject_GetTypeData", "3.12")],
        ),
        &doctor(&[T103, S207, s206]),
    );
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("abi3audit: __init__.so imports PyObject_GetTypeData (3.12), newer than 3.11"),
        "{err}"
    );
    assert!(err.contains("abi3t-doctor: error S206"), "{err}");
}

#[test]
fn fails_on_a_symbol_outside_the_stable_abi() {
    let out = judge(
        "private",
        &abi3audit("3.11", &["PyModExport_m", "_PyObject_GC_New"], &[]),
        &doctor(&[T103, S207]),
    );
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("uses _PyObject_GC_New, which is not in abi3"),
        "{err}"
    );
}

#[test]
fn fails_when_judged_against_another_version_or_on_other_pymoduledef_use() {
    // abi3audit read a tag other than the file name's, and PyModule_FromDefAndSpec2 is no
    // part of what PyInit_ needs.
    let s207 = (
        "S207",
        "imports 1 symbol(s) that abi3t makes unusable: PyModule_FromDefAndSpec2",
    );
    let out = judge(
        "other",
        &abi3audit("3.13", &["PyModExport_m"], &[]),
        &doctor(&[T103, s207]),
    );
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("judged against 3.13, not 3.11"), "{err}");
    assert!(err.contains("PyModule_FromDefAndSpec2"), "{err}");
}

#[test]
fn fails_on_an_empty_report() {
    // abi3t-doctor that read nothing must not pass as clean.
    let out = judge("empty", &abi3audit("3.11", &["PyModExport_m"], &[]), "[]");
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("abi3t-doctor reported on 0 wheels"), "{err}");
}
