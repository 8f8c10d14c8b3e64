//! Every label the presentation code asks for is in the label table, in English and in
//! Chinese (a missing one would show its key in a report).

use rota::present::labels::{tr, Lang, TABLE};

/// The string literals passed to `t(…)`, `ctx.t(…)`, `tr(lang, …)` in src/present.
fn used_keys() -> Vec<String> {
    let mut keys = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src/present"))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/present").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            for pat in ["t(\"", "tr(lang, \"", "tr(self.lang, \"", "title(\""] {
                for (i, _) in text.match_indices(pat) {
                    let before = text[..i].chars().last();
                    if pat == "t(\"" && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &text[i + pat.len()..];
                    if let Some(end) = rest.find('"') {
                        keys.push(rest[..end].to_string());
                    }
                }
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn every_label_used_is_in_the_table() {
    let keys = used_keys();
    assert!(keys.len() > 30, "found the labels: {keys:?}");
    for k in keys {
        assert!(TABLE.iter().any(|(key, _, _)| *key == k), "label `{k}` is not in labels::TABLE");
    }
}

#[test]
fn labels_are_unique_and_in_both_languages() {
    for (i, (k, en, zh)) in TABLE.iter().enumerate() {
        assert!(!en.is_empty() && !zh.is_empty(), "{k}");
        assert!(TABLE[..i].iter().all(|(other, _, _)| other != k), "{k} twice");
        assert_eq!(tr(Lang::En, k), *en);
        assert_eq!(tr(Lang::Zh, k), *zh);
    }
}
