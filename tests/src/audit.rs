//! The symbol audit: checks a built extension against CPython's stable-ABI list
//! (`abide-build/src/abide_build/stable_abi.txt`, the list the build backend tags wheels
//! by, written by `scripts/gen-stable-abi-list.py`).
//!
//! Every undefined `Py*`/`_Py*` symbol must be in the list, added no later than the
//! target's oldest version, and offered to abi3t extensions. The library must export
//! `PyModExport_<module>`; a universal library (abide's default) also exports
//! `PyInit_<module>` for 3.11 to 3.14, an abi3t-only one (feature `abi3t-only`) none.
//! For a module name that is not ASCII these are `PyModExportU_`/`PyInitU_` and the
//! Punycode of the name, as CPython looks them up.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::process::Command;

// The encoder `#[pymodule]` uses: it depends on nothing but `std`.
#[path = "../../macros/src/pymodule/punycode.rs"]
mod punycode;

/// The symbol CPython looks up for the entry point `prefix` (`PyModExport` or `PyInit`)
/// of `module`: `<prefix>_<module>` for an ASCII name, else `<prefix>U_` and the Punycode
/// of the name with `-` replaced by `_`.
pub fn hook_symbol(prefix: &str, module: &str) -> String {
    if module.is_ascii() {
        format!("{prefix}_{module}")
    } else {
        format!("{prefix}U_{}", punycode::encode(module).replace('-', "_"))
    }
}

/// What a library is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// abide's default: CPython 3.11+ from one file (`PyModExport_` and `PyInit_`).
    Universal,
    /// The `abi3-py313` feature: as `Universal`, from 3.13 on.
    UniversalFrom313,
    /// The `abi3t-only` feature: CPython 3.15+ only, `PyModExport_` alone.
    Abi3tOnly,
}

impl Target {
    /// The oldest CPython the library must load on: no symbol may be newer.
    pub fn oldest(self) -> (u32, u32) {
        match self {
            Target::Universal => (3, 11),
            Target::UniversalFrom313 => (3, 13),
            Target::Abi3tOnly => (3, 15),
        }
    }
}

/// One symbol of the stable-ABI list.
pub struct Entry {
    /// The version whose stable ABI first had it.
    pub added: (u32, u32),
    /// Whether CPython 3.15 offers it to abi3t extensions (declared and exported).
    pub abi3t: bool,
}

/// The stable-ABI list, by symbol name.
pub struct StableAbi(pub HashMap<String, Entry>);

impl StableAbi {
    /// Reads `abide-build/src/abide_build/stable_abi.txt`.
    pub fn load() -> Self {
        let path = crate::repo_root().join("abide-build/src/abide_build/stable_abi.txt");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let mut map = HashMap::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [name, _kind, added, tags] = fields[..] else {
                panic!("malformed line in stable_abi.txt: {line:?}");
            };
            let (major, minor) = added.split_once('.').expect("version is MAJOR.MINOR");
            let added = (major.parse().unwrap(), minor.parse().unwrap());
            let abi3t = tags.split(',').any(|t| t == "abi3t");
            map.insert(name.to_owned(), Entry { added, abi3t });
        }
        StableAbi(map)
    }
}

/// A rule the library breaks.
#[derive(Debug, PartialEq, Eq)]
pub enum Finding {
    /// Imports a symbol that is not in the stable ABI.
    NotStable(String),
    /// Imports a stable-ABI symbol added after the oldest version the target supports
    /// (the symbol, when it was added, that oldest version).
    TooNew(String, (u32, u32), (u32, u32)),
    /// Imports a stable-ABI symbol that abi3t does not offer (legacy or platform-only).
    NotAbi3t(String),
    /// Does not export `PyModExport_<module>` (or `PyModExportU_<punycode>`).
    NoModExport(String),
    /// Exports a `PyInit_` or `PyInitU_` entry point it must not have (any, for
    /// abi3t-only; another module's, for a universal library).
    PyInit(String),
    /// A universal library without its `PyInit_<module>`.
    NoPyInit(String),
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::NotStable(s) => write!(f, "{s}: not in the stable ABI"),
            Finding::TooNew(s, (major, minor), (t_major, t_minor)) => write!(
                f,
                "{s}: in the stable ABI only since {major}.{minor}, but the library must load on {t_major}.{t_minor}"
            ),
            Finding::NotAbi3t(s) => {
                write!(
                    f,
                    "{s}: in the stable ABI, but not offered to abi3t extensions"
                )
            }
            Finding::NoModExport(s) => write!(f, "{s}: not exported"),
            Finding::PyInit(s) => write!(f, "{s}: exported, but this library must not have it"),
            Finding::NoPyInit(s) => {
                write!(f, "{s}: not exported (needed on CPython 3.11 to 3.14)")
            }
        }
    }
}

/// What the audit saw and found in one library.
pub struct Report {
    /// The undefined `Py*`/`_Py*` symbols, sorted.
    pub imports: Vec<String>,
    pub findings: Vec<Finding>,
}

/// Audits the library at `lib`, an extension for module `module` built for `target`.
pub fn audit(lib: &Path, module: &str, abi: &StableAbi, target: Target) -> Report {
    let imports: Vec<String> = dynamic_symbols(lib, "--undefined-only")
        .into_iter()
        .filter(|s| s.starts_with("Py") || s.starts_with("_Py"))
        .collect();
    let mut findings = Vec::new();
    for symbol in &imports {
        match abi.0.get(symbol) {
            None => findings.push(Finding::NotStable(symbol.clone())),
            Some(e) if e.added > target.oldest() => {
                findings.push(Finding::TooNew(symbol.clone(), e.added, target.oldest()))
            }
            Some(e) if !e.abi3t => findings.push(Finding::NotAbi3t(symbol.clone())),
            Some(_) => {}
        }
    }
    let exports = dynamic_symbols(lib, "--defined-only");
    let export = hook_symbol("PyModExport", module);
    if !exports.contains(&export) {
        findings.push(Finding::NoModExport(export));
    }
    let init = hook_symbol("PyInit", module);
    for symbol in exports
        .iter()
        .filter(|s| s.starts_with("PyInit_") || s.starts_with("PyInitU_"))
    {
        if target == Target::Abi3tOnly || *symbol != init {
            findings.push(Finding::PyInit(symbol.clone()));
        }
    }
    if target != Target::Abi3tOnly && !exports.contains(&init) {
        findings.push(Finding::NoPyInit(init));
    }
    Report { imports, findings }
}

/// The symbols the library at `lib` exports, sorted.
pub fn exports(lib: &Path) -> Vec<String> {
    dynamic_symbols(lib, "--defined-only")
}

/// The dynamic symbol names `nm -D <filter>` lists, without version suffixes, sorted.
fn dynamic_symbols(lib: &Path, filter: &str) -> Vec<String> {
    let out = Command::new("nm")
        .args(["-D", filter])
        .arg(lib)
        .output()
        .expect("run nm (binutils)");
    assert!(
        out.status.success(),
        "nm -D {filter} {} failed: {}",
        lib.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .map(|name| name.split('@').next().unwrap_or(name).to_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}
