//! Signature resolution: which Rust parameter becomes which Python parameter, and the
//! errors for signatures Python would reject.

use super::resolve;
use crate::callable::expand::text_signature;
use crate::callable::{Callable, Kind, Role};
use crate::ctx::Ctx;
use crate::signature::Signature;
use syn::{Ident, Type};

/// Resolves `fn f(<params>)` with `#[pyfunction(signature = <sig>)]` (if any); returns
/// the callable and the error messages.
fn run(params: &str, sig: Option<&str>) -> (Callable, Vec<String>) {
    let item: syn::ItemFn = syn::parse_str(&format!("fn f({params}) {{}}")).unwrap();
    let args: Vec<(Ident, Type)> = item
        .sig
        .inputs
        .iter()
        .map(|a| match a {
            syn::FnArg::Typed(pt) => match &*pt.pat {
                syn::Pat::Ident(pi) => (pi.ident.clone(), (*pt.ty).clone()),
                _ => unreachable!(),
            },
            syn::FnArg::Receiver(_) => unreachable!(),
        })
        .collect();
    let sig: Option<Signature> = sig.map(|s| syn::parse_str(s).unwrap());
    let mut ctx = Ctx::default();
    let c = resolve(&mut ctx, "f".into(), args, sig.as_ref(), None);
    let errors = match ctx.check() {
        Ok(()) => Vec::new(),
        Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
    };
    (c, errors)
}

fn kinds(c: &Callable) -> Vec<(String, Kind, bool)> {
    c.params
        .iter()
        .map(|p| (p.name.clone(), p.kind, p.default.is_some()))
        .collect()
}

fn roles(c: &Callable) -> Vec<Role> {
    c.args.iter().map(|a| a.role).collect()
}

fn sig_text(c: &Callable) -> String {
    text_signature(c, None)
        .literal()
        .unwrap_or_else(|| "<depends on types>".into())
}

#[test]
fn without_signature_every_parameter_may_be_the_token() {
    // A parameter typed `Python` is not recognised by name: its type decides, in
    // constant evaluation, so each parameter is a candidate.
    let (c, errors) = run("py: Python<'_>, a: i64, list: &List", None);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(roles(&c), [Role::Param(0), Role::Param(1), Role::Param(2)]);
    assert!(c.params.iter().all(|p| p.maybe_token.is_some()));
    assert_eq!(c.python_params(), (0, 3));
    assert_eq!(sig_text(&c), "<depends on types>");
    // The Python position of `list` subtracts the tokens before it.
    let position = c.position(2).to_string();
    assert!(position.starts_with("(2usize -"), "{position}");
    assert_eq!(c.position(0).to_string(), "0usize");
}

#[test]
fn signature_kinds_and_defaults() {
    let (c, errors) = run(
        "a: i64, b: i64, c: i64, d: i64, args: Tuple, kw: Option<Dict>",
        Some("(a, b = 1, /, c = 2, *args, d, **kw)"),
    );
    assert!(errors.is_empty(), "{errors:?}");
    use Kind::*;
    assert_eq!(
        kinds(&c),
        [
            ("a".into(), PositionalOnly, false),
            ("b".into(), PositionalOnly, true),
            ("c".into(), PositionalOrKeyword, true),
            ("d".into(), KeywordOnly, false),
        ]
    );
    assert_eq!(
        roles(&c),
        [
            Role::Param(0),
            Role::Param(1),
            Role::Param(2),
            Role::Param(3),
            Role::Varargs,
            Role::Varkw
        ]
    );
    assert_eq!(c.varargs.as_deref(), Some("args"));
    assert_eq!(c.varkw.as_deref(), Some("kw"));
    assert_eq!(c.python_params(), (4, 0));
    assert_eq!(sig_text(&c), "(a, b=1, /, c=2, *args, d, **kw)");
}

#[test]
fn signature_order_is_python_order() {
    // Python order may differ from Rust order; each Rust parameter finds its own.
    let (c, errors) = run("b: i64, a: i64", Some("(a, *, b = 3)"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(roles(&c), [Role::Param(1), Role::Param(0)]);
    assert_eq!(sig_text(&c), "(a, *, b=3)");
}

#[test]
fn what_the_signature_leaves_out_is_the_token() {
    // Checked at compile time where it is passed (`UnlistedToken`), whatever its name.
    let (c, errors) = run("p: Tok<'_>, a: i64", Some("(a)"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(roles(&c), [Role::Token, Role::Param(0)]);
    assert!(c.params[0].maybe_token.is_none());
}

#[test]
fn keyword_only_parameters_may_omit_defaults_in_any_order() {
    let (c, errors) = run("a: i64, b: i64", Some("(*, a = 1, b)"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sig_text(&c), "(*, a=1, b)");
}

#[test]
fn errors() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "a: i64, b: i64",
            "(a = 1, b)",
            "parameter `b` without a default follows a parameter with one",
        ),
        ("a: i64", "(a, a)", "`a` appears twice in the signature"),
        (
            "a: i64",
            "(a, z)",
            "`z` in the signature is not a parameter of this function",
        ),
        (
            "a: i64, b: i64",
            "(*, a, /, b)",
            "`/` must come before `*` and `*args` in a signature",
        ),
        (
            "a: i64, b: i64",
            "(a, /, b, /)",
            "`/` may appear only once in a signature",
        ),
        (
            "a: i64, b: i64",
            "(*, a, *, b)",
            "`*` may appear only once, and not after `*args`",
        ),
        (
            "a: Tuple, b: Tuple",
            "(*a, *b)",
            "`*args` may appear only once, and not after `*`",
        ),
        (
            "k: Option<Dict>, a: i64",
            "(**k, a)",
            "`**kwargs` must be the last entry of a signature",
        ),
    ];
    for (params, sig, expected) in cases {
        let (_, errors) = run(params, Some(sig));
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "signature {sig}: expected {expected:?}, got {errors:?}"
        );
    }
}

#[test]
fn raw_identifiers_lose_their_prefix() {
    let (c, errors) = run("r#type: i64", Some("(r#type = 1)"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c.params[0].name, "type");
    let (c, _) = run("r#in: i64", None);
    assert_eq!(c.params[0].name, "in");
}

#[test]
fn signature_annotations_go_to_the_stub_only() {
    let (c, errors) = run(
        "a: Object<'_>, b: Option<Object<'_>>",
        Some(r#"(a: "int", b: "datetime.date | Self" = None) -> "Self""#),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c.params[0].annotation.as_deref(), Some("\u{1}=int\u{2}"));
    assert_eq!(
        c.params[1].annotation.as_deref(),
        Some("\u{1}=datetime.date | typing.Self\u{2}")
    );
    assert_eq!(c.returns.as_deref(), Some("\u{1}=typing.Self\u{2}"));
    // The text signature Python reads has no annotations.
    assert_eq!(sig_text(&c), "(a, b=None)");
    let stub = crate::stub::params(&c, None, None).literal().unwrap();
    assert_eq!(
        stub,
        "a: \u{1}=int\u{2}, b: \u{1}=datetime.date | typing.Self\u{2} = None"
    );
}
