//! The type stub of a `#[pymethods]` block: one `StubItem` per Python member, in the
//! order of the block (see `crate::stub` for the text and its references).

use super::parse::{Kind, Method};
use super::specials::{Form, OnError, Side, Special, StubRet};
use crate::callable::Role;
use crate::stub::{
    self, Item, ItemKind, Pos, annotation, def_text, getter, import, return_annotation, setter_text,
};
use crate::text::Text;
use proc_macro2::TokenStream;
use quote::quote;

/// The stub items of one method. `self_ty` is the path of the class as the `impl` names it.
pub fn items(m: &Method, self_ty: Option<&str>) -> Vec<Item> {
    let c = &m.callable;
    let name = c.python_name.as_str();
    let ret = || {
        let value = c
            .returns
            .clone()
            .unwrap_or_else(|| return_annotation(&m.output, self_ty));
        if m.written.sig.asyncness.is_some() {
            stub::coroutine_of(&value)
        } else {
            value
        }
    };
    let params = |first: &str| stub::params(c, Some(first), self_ty);
    match &m.kind {
        Kind::Method => vec![Item::member(
            name,
            def_text(&[], name, params("self"), &ret(), &m.doc),
        )],
        Kind::Static => vec![Item::member(
            name,
            def_text(
                &["@staticmethod"],
                name,
                stub::params(c, None, self_ty),
                &ret(),
                &m.doc,
            ),
        )],
        Kind::Class => vec![Item::member(
            name,
            def_text(&["@classmethod"], name, params("cls"), &ret(), &m.doc),
        )],
        // CPython reads the parameters of `__new__` from the class's text signature.
        Kind::New => vec![Item::member(
            "__new__",
            def_text(
                &[],
                "__new__",
                params("cls"),
                &import("typing", "Self"),
                &m.doc,
            ),
        )],
        Kind::Getter(prop) => vec![getter(prop, &ret(), &m.doc)],
        // A stub's property needs no deleter to be deleted from.
        Kind::Deleter(_) => vec![],
        Kind::Setter(prop) => {
            let mut value = Text::new(", ");
            let ops = operands(m, self_ty);
            if ops.is_empty() {
                value.item(format!("value: {}", stub::any()), None);
            }
            for op in ops {
                value.item(format!("{}: {}", op.name, op.ann), op.keep);
            }
            vec![setter_text(prop, value, &m.doc)]
        }
        Kind::ClassAttr(attr) => vec![Item::member(
            attr,
            format!("{attr}: {}[{}]", import("typing", "ClassVar"), ret()),
        )],
        Kind::Special(s) => special(m, s, self_ty),
    }
}

/// A Python parameter of a special method or setter: name, annotation, and the
/// condition under which it is one (without a `signature`, unless it is the token).
#[derive(Clone)]
struct Op {
    name: String,
    ann: String,
    keep: Option<TokenStream>,
}

impl Op {
    fn new(name: &str, ann: String) -> Self {
        Op {
            name: name.to_owned(),
            ann,
            keep: None,
        }
    }
}

/// The Python parameters of `m` (those the `signature` leaves out are not).
fn operands(m: &Method, self_ty: Option<&str>) -> Vec<Op> {
    let c = &m.callable;
    let mut out: Vec<(usize, Op)> = c
        .args
        .iter()
        .filter_map(|a| match a.role {
            Role::Param(i) => {
                let p = c.params.get(i)?;
                Some((
                    i,
                    Op {
                        name: p.name.clone(),
                        ann: annotation(&a.ty, Pos::Param, self_ty),
                        keep: p.maybe_token.as_ref().map(|t| quote!(!#t)),
                    },
                ))
            }
            _ => None,
        })
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, p)| p).collect()
}

/// The operand that is surely Python's, else the first.
fn first_operand(ops: &[Op]) -> Option<&Op> {
    ops.iter().find(|o| o.keep.is_none()).or(ops.first())
}

/// `self, <ops>, /` as list items.
fn slot_params(ops: &[Op]) -> Text {
    let mut t = Text::new(", ");
    t.item("self", None);
    for op in ops {
        t.item(format!("{}: {}", op.name, op.ann), op.keep.clone());
    }
    t.item("/", None);
    t
}

/// Special methods: positional-only operands (as CPython's slot wrappers have them) and
/// the result type the table gives.
fn special(m: &Method, s: &Special, self_ty: Option<&str>) -> Vec<Item> {
    let name = m.callable.python_name.as_str();
    let ops = operands(m, self_ty);
    let ret = || {
        m.callable
            .returns
            .clone()
            .unwrap_or_else(|| return_annotation(&m.output, self_ty))
    };
    let slot_def_doc = |name: &str, ops: &[Op], ret: &str, doc: &str| {
        Item::member(name, def_text(&[], name, slot_params(ops), ret, doc))
    };
    let slot_def = |name: &str, ops: &[Op], ret: &str| slot_def_doc(name, ops, ret, &m.doc);
    let result = match s.stub {
        StubRet::Omitted => return Vec::new(),
        StubRet::Fixed(ty) => ty.to_owned(),
        StubRet::Declared => ret(),
        StubRet::Item => stub::value_type(&m.output)
            .map(|t| stub::option_inner(t).unwrap_or(t))
            .map_or_else(
                || "None".to_owned(),
                |t| annotation(t, Pos::Result, self_ty),
            ),
        // An in-place operator that returns nothing gives back `self`.
        StubRet::SelfIfUnit => match stub::value_type(&m.output) {
            None => import("typing", "Self"),
            Some(_) => ret(),
        },
    };
    match s.form {
        // What CPython shows for the slots (PEP 688), so type checkers see a
        // `collections.abc.Buffer`.
        Form::GetBuffer => vec![slot_def(
            "__buffer__",
            &[Op::new("flags", "int".to_owned())],
            &result,
        )],
        Form::ReleaseBuffer => vec![slot_def(
            "__release_buffer__",
            &[Op::new("buffer", "memoryview".to_owned())],
            &result,
        )],
        Form::Call => vec![Item::member(
            name,
            def_text(
                &[],
                name,
                stub::params(&m.callable, Some("self"), self_ty),
                &result,
                &m.doc,
            ),
        )],
        Form::Operator(side @ (Side::Left | Side::Right)) => {
            // CPython shows both sides of a numeric slot (`__add__` and `__radd__`); the
            // side the class does not define calls the other with the operands swapped,
            // which only works if the operand may be an instance of the class.
            let inner = name.trim_start_matches("__").trim_end_matches("__");
            let other_side = if side == Side::Right {
                format!("__{}__", &inner[1..])
            } else {
                format!("__r{inner}__")
            };
            let operand = first_operand(&ops).map(|o| o.ann.as_str());
            let class = self_ty.map(stub::class_ref);
            let swapped = if operand == class.as_deref() || operand == Some(&stub::any()) {
                class.unwrap_or_else(stub::any)
            } else {
                import("typing", "Never")
            };
            let pow = name == "__pow__" || name == "__rpow__";
            let with_mod = |mut ops: Vec<Op>| {
                if pow {
                    ops.push(Op::new("mod", "None = None".to_owned()));
                }
                ops
            };
            let swapped = with_mod(vec![Op::new("other", swapped)]);
            let mut implied = slot_def_doc(&other_side, &swapped, &result, "");
            implied.kind = ItemKind::Fallback;
            vec![slot_def(name, &with_mod(ops), &result), implied]
        }
        Form::Compare(Some(_)) => {
            let mut items = vec![compare(name, &ops, &result, &m.doc)];
            // `tp_richcompare` answers every comparison; the orderings the class does not
            // define return `NotImplemented`, whatever the operand.
            const ORDERINGS: [&str; 4] = ["__lt__", "__le__", "__gt__", "__ge__"];
            if ORDERINGS.contains(&name) {
                let never = [Op::new("other", import("typing", "Never"))];
                for other in ORDERINGS.iter().filter(|o| **o != name) {
                    let mut item = compare(other, &never, &result, "");
                    item.kind = ItemKind::Fallback;
                    items.push(item);
                }
            }
            items
        }
        Form::Compare(None) => {
            // `other` (and the token, if any, which the type leaves out); the operator,
            // last, is not a parameter of the comparisons.
            let ops = &ops[..ops.len().saturating_sub(1)];
            ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]
                .iter()
                .map(|n| Item {
                    kind: ItemKind::Implied,
                    ..compare(n, ops, &result, &m.doc)
                })
                .collect()
        }
        // A container answers `False` for an item of the wrong type, so it takes any.
        _ if s.on_error == OnError::False => {
            let ops: Vec<_> = ops
                .into_iter()
                .map(|o| Op {
                    ann: "object".to_owned(),
                    ..o
                })
                .collect();
            vec![slot_def(name, &ops, &result)]
        }
        _ => vec![slot_def(name, &ops, &result)],
    }
}

/// A comparison; `__eq__` and `__ne__` take any object, as `object`'s do.
fn compare(name: &str, ops: &[Op], ret: &str, doc: &str) -> Item {
    let mut ops = ops.to_vec();
    if ops.is_empty() {
        ops.push(Op::new("other", stub::any()));
    }
    if name == "__eq__" || name == "__ne__" {
        for op in &mut ops {
            op.ann = "object".to_owned();
        }
    }
    Item::member(name, def_text(&[], name, slot_params(&ops), ret, doc))
}
