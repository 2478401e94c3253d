"""Judges the abi3audit and abi3t-doctor reports on one wheel (for the wheel tests,
tests/src/wheel.rs, which run both tools on every wheel abide-build makes there).

Usage: wheel-audit.py KIND WHEEL ABI3AUDIT_JSON DOCTOR_JSON HOOK...
  KIND   `universal` (PyInit_<m> and PyModExport_<m>) or `abi3t-only`
  HOOK   the entry points the library defines (PyModExport_<m>, PyInit_<m>, or their
         PyModExportU_/PyInitU_ forms), as the library exports them

Exits non-zero, naming each finding, on anything but what the wheel's form implies;
prints the expected findings as such, so a clean log still says what was waived and why.
"""

import json
import re
import sys

kind, wheel_name, abi3audit_path, doctor_path, *hooks = sys.argv[1:]
universal = kind == "universal"
hooks = set(hooks)
unicode_name = any(h.startswith(("PyModExportU_", "PyInitU_")) for h in hooks)
tag = re.search(r"-cp3(\d+)-abi3\.abi3t-", wheel_name)
if not tag:
    sys.exit(f"{wheel_name}: not a cp3XX-abi3.abi3t wheel")
claimed = f"3.{tag.group(1)}"

bad, expected = [], []


def judge_abi3audit(report):
    # abi3audit judges every imported symbol against the wheel's python tag. It knows
    # abi3 only, so it calls the library's own PEP 793 export hook a non-abi3 symbol.
    specs = list(report.get("specs", {}).values())
    libs = [lib for spec in specs for lib in spec.get("wheel", [])]
    if len(libs) != 1:
        bad.append(f"abi3audit: expected one library in the wheel, it read {len(libs)}")
        return
    name, result = libs[0]["name"], libs[0]["result"]
    if result["baseline"] != claimed:
        bad.append(f"abi3audit: {name} judged against {result['baseline']}, not {claimed}")
    for symbol, version in sorted(result["future_abi3_objects"].items()):
        bad.append(f"abi3audit: {name} imports {symbol} ({version}), newer than {claimed}")
    for symbol in sorted(result["non_abi3_symbols"]):
        if symbol in hooks:
            expected.append(f"abi3audit: {symbol} is not abi3 (the library's own entry point)")
        else:
            bad.append(f"abi3audit: {name} uses {symbol}, which is not in abi3")
    print(
        f"[wheel-audit] abi3audit: {name} judged against CPython {result['baseline']}, "
        f"needs {result['computed']}",
        file=sys.stderr,
    )


def waived(finding):
    """Why a finding of abi3t-doctor is what the wheel's form implies, or None."""
    code, message = finding["code"], finding["message"]
    if universal and code == "T103":
        # `cp311-abi3.abi3t` means cp311 x {abi3, abi3t}: a wheel file name cannot say
        # "cp311-abi3 and cp315-abi3t"; a CPython older than 3.15 has no abi3t tag.
        return "a universal wheel's abi3t half shares the python tag of its abi3 half"
    if universal and code == "S207" and message.endswith(": PyModuleDef_Init"):
        return "PyInit_<m> builds a PyModuleDef for CPython 3.11-3.14 only"
    if unicode_name and code == "S204":
        return "abi3t-doctor 0.1.0 does not know the PyModExportU_/PyInitU_ hooks"
    return None


def judge_doctor(report):
    # One wheel was given: an empty report (the doctor read nothing) must not pass.
    if not isinstance(report, list) or len(report) != 1:
        bad.append(f"abi3t-doctor reported on {len(report)} wheels, not the one given")
        return
    (wheel,) = report
    if wheel.get("error"):
        bad.append(f"abi3t-doctor: {wheel['error']}")
    if not wheel.get("extensions"):
        bad.append(f"abi3t-doctor inspected no extension in {wheel.get('filename')}")
    for f in wheel["findings"]:
        why = waived(f)
        if why:
            # Waived findings are not errors of this wheel: their severity is left out.
            expected.append(f"abi3t-doctor {f['code']} {f['subject']}: {f['message']} ({why})")
        else:
            bad.append(f"abi3t-doctor: {f['severity']} {f['code']} {f['subject']}: {f['message']}")


with open(abi3audit_path) as f:
    judge_abi3audit(json.load(f))
with open(doctor_path) as f:
    judge_doctor(json.load(f))
for line in expected:
    print(f"[wheel-audit] waived: {line}", file=sys.stderr)
if bad:
    sys.exit("[wheel-audit] audit found:\n  " + "\n  ".join(bad))
print("[wheel-audit] audit: no unexpected findings", file=sys.stderr)
