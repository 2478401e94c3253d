//! The option parser: each form, every kind of error (all of them reported, in order),
//! and the accepted list generated from the declaration.

use super::{FUNCTION_OPTIONS, FunctionOptions, Given, Opt, Site};
use crate::ctx::Ctx;
use proc_macro2::TokenStream;
use syn::{Ident, LitStr, Path};

#[derive(Default)]
struct Test {
    flag: Option<Ident>,
    name: Option<LitStr>,
    base: Option<Path>,
    signature: usize,
}

const TEST: Site<Test> = Site {
    name: "`#[test]`",
    options: &[
        Opt::flag("flag", |o, key| o.flag = Some(key)),
        Opt::str("name", |o, v| o.name = Some(v)),
        Opt::path("extends", "the base class's type", "Base", |o, v| {
            o.base = Some(v)
        }),
        Opt::signature("signature", |o, v| o.signature = v.items.len()),
    ],
    rejected: &[("unsendable", "`unsendable` is not supported")],
};

const ACCEPTED: &str = "`flag`, `name = \"...\"`, `extends = Base`, `signature = (...)`";

fn run(tokens: &str) -> (Test, Given, Vec<String>) {
    let tokens: TokenStream = tokens.parse().unwrap();
    let mut ctx = Ctx::default();
    let (out, given) = TEST.parse(&mut ctx, tokens);
    let errors = match ctx.check() {
        Ok(()) => Vec::new(),
        Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
    };
    (out, given, errors)
}

fn errors(tokens: &str) -> Vec<String> {
    run(tokens).2
}

#[test]
fn reads_every_kind() {
    let (out, given, errors) =
        run("flag, name = \"n\", extends = a::Base<X, Y>, signature = (a, /, b = 1, *, c)");
    assert!(errors.is_empty(), "{errors:?}");
    assert!(out.flag.is_some());
    assert_eq!(out.name.unwrap().value(), "n");
    let base = out.base.unwrap();
    assert_eq!(quote::quote!(#base).to_string(), "a :: Base < X , Y >");
    assert_eq!(out.signature, 5);
    for key in ["flag", "name", "extends", "signature"] {
        assert!(given.get(key).is_some(), "{key}");
    }
}

#[test]
fn empty_and_trailing_comma() {
    assert!(errors("").is_empty());
    let (out, _, errors) = run("flag,");
    assert!(errors.is_empty(), "{errors:?}");
    assert!(out.flag.is_some());
}

#[test]
fn raw_key_is_the_key() {
    let (out, _, errors) = run("r#flag");
    assert!(errors.is_empty(), "{errors:?}");
    assert!(out.flag.is_some());
}

#[test]
fn unknown_option_lists_the_accepted_ones() {
    assert_eq!(
        errors("dict, flag, weakref = true, crate = \"x\""),
        [
            format!("unknown option `dict` for `#[test]`; accepted: {ACCEPTED}"),
            format!("unknown option `weakref` for `#[test]`; accepted: {ACCEPTED}"),
            format!("unknown option `crate` for `#[test]`; accepted: {ACCEPTED}"),
        ]
    );
    assert_eq!(
        errors("flag(x), freelist(8)")[1],
        format!("unknown option `freelist` for `#[test]`; accepted: {ACCEPTED}")
    );
}

#[test]
fn rejected_option_gives_its_reason() {
    assert_eq!(
        errors("unsendable, unsendable = 1"),
        [
            "`unsendable` is not supported",
            "`unsendable` is not supported"
        ]
    );
}

#[test]
fn duplicates() {
    assert_eq!(
        errors("flag, name = \"a\", flag, name = \"b\""),
        ["`flag` is given twice", "`name` is given twice"]
    );
}

#[test]
fn duplicate_across_attributes() {
    let mut ctx = Ctx::default();
    let mut out = Test::default();
    let mut given = Given::default();
    TEST.parse_into(
        &mut ctx,
        "name = \"a\"".parse().unwrap(),
        &mut out,
        &mut given,
    );
    TEST.parse_into(
        &mut ctx,
        "name = \"b\"".parse().unwrap(),
        &mut out,
        &mut given,
    );
    let err = ctx.check().unwrap_err();
    assert_eq!(err.to_string(), "`name` is given twice");
}

#[test]
fn values_of_the_wrong_kind() {
    assert_eq!(
        errors("flag = true, name = 1, name2, extends = 1 + 2, signature = a"),
        [
            "`flag` takes no value: write `flag` alone".to_owned(),
            "`name` takes a string: `name = \"...\"`".to_owned(),
            format!("unknown option `name2` for `#[test]`; accepted: {ACCEPTED}"),
            "`extends` takes the base class's type: `extends = Base`".to_owned(),
            "`signature` takes the Python parameters in parentheses: `signature = (...)`"
                .to_owned(),
        ]
    );
    assert_eq!(
        errors("name, extends(Base), signature"),
        [
            "`name` takes a string: `name = \"...\"`",
            "`extends` takes the base class's type: `extends = Base`",
            "`signature` takes the Python parameters in parentheses: `signature = (...)`",
        ]
    );
    assert_eq!(
        errors("name = \"a\" \"b\", flag(1)"),
        [
            "`name` takes a string: `name = \"...\"`",
            "`flag` takes no value: write `flag` alone",
        ]
    );
    assert_eq!(
        errors("name = , flag"),
        ["`name` takes a string: `name = \"...\"`"]
    );
}

#[test]
fn signature_errors_are_its_own() {
    let errors = errors("signature = (a b), flag = 1");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0], "expected `,`");
}

#[test]
fn malformed_options_do_not_stop_the_rest() {
    assert_eq!(
        errors("\"x\", , flag flag, name == \"a\", extends = Base<A, B>, name = 1"),
        [
            format!("expected an option of `#[test]`, found `\"x\"`; accepted: {ACCEPTED}"),
            format!("expected an option before `,`; accepted: {ACCEPTED}"),
            "expected `,`, `= value` or `(...)` after `flag`".to_owned(),
            "expected `,`, `= value` or `(...)` after `name`".to_owned(),
            "`name` takes a string: `name = \"...\"`".to_owned(),
        ]
    );
    assert_eq!(
        errors("flag(1) 2, name = 3"),
        [
            "expected `,` after `flag(...)`",
            "`flag` takes no value: write `flag` alone",
            "`name` takes a string: `name = \"...\"`",
        ]
    );
}

#[test]
fn function_options() {
    let site = Site {
        name: "`#[pyfunction]`",
        options: FUNCTION_OPTIONS,
        rejected: &[],
    };
    let mut ctx = Ctx::default();
    let (out, _): (FunctionOptions, _) = site.parse(
        &mut ctx,
        "name = \"f\", signature = (a, *args)".parse().unwrap(),
    );
    assert!(ctx.check().is_ok());
    assert_eq!(out.name.unwrap().value(), "f");
    assert_eq!(out.signature.unwrap().items.len(), 2);
    assert_eq!(site.accepted(), "`name = \"...\"`, `signature = (...)`");
}

fn attr(text: &str) -> syn::Attribute {
    let item: syn::ItemFn = syn::parse_str(&format!("{text} fn f() {{}}")).unwrap();
    item.attrs.into_iter().next().unwrap()
}

#[test]
fn name_argument() {
    let mut ctx = Ctx::default();
    assert_eq!(super::name_argument(&mut ctx, &attr("#[getter]")), None);
    assert_eq!(
        super::name_argument(&mut ctx, &attr("#[getter(x)]")).as_deref(),
        Some("x")
    );
    assert_eq!(
        super::name_argument(&mut ctx, &attr("#[getter(r#type)]")).as_deref(),
        Some("type")
    );
    assert_eq!(
        super::name_argument(&mut ctx, &attr("#[setter(\"y\")]")).as_deref(),
        Some("y")
    );
    assert!(ctx.check().is_ok());
    for bad in [
        "#[getter(a, b)]",
        "#[getter()]",
        "#[getter = \"x\"]",
        "#[getter(1)]",
    ] {
        let mut ctx = Ctx::default();
        assert_eq!(super::name_argument(&mut ctx, &attr(bad)), None);
        let err = ctx.check().unwrap_err().to_string();
        assert!(err.contains("property's name"), "{bad}: {err}");
    }
}

#[test]
fn no_arguments() {
    let mut ctx = Ctx::default();
    super::no_arguments(&mut ctx, &attr("#[new]"));
    assert!(ctx.check().is_ok());
    for bad in ["#[new(x)]", "#[new()]", "#[staticmethod = 1]"] {
        let mut ctx = Ctx::default();
        super::no_arguments(&mut ctx, &attr(bad));
        let err = ctx.check().unwrap_err().to_string();
        assert!(err.contains("takes no arguments"), "{bad}: {err}");
    }
}
