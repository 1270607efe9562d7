//! The architecture, checked: no cycle between the top-level modules, nothing below `cli/`
//! imports `cli/`, and the domain uses no other module of skud and no framework (DESIGN.md,
//! "Architecture"). Read from the source files, so a new `use` that breaks it fails the tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every `.rs` file under a folder, subfolders included.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let (mut out, mut todo) = (Vec::new(), vec![dir.to_owned()]);
    while let Some(p) = todo.pop() {
        if p.is_dir() {
            todo.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The top-level modules each top-level module refers to (`crate::X`, `use crate::{X, ..}`,
/// and `super::X` from a file one folder down), outside `#[cfg(test)]` code.
fn edges(src: &Path) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut tops = BTreeSet::new();
    for e in std::fs::read_dir(src).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let name = name.strip_suffix(".rs").unwrap_or(&name).to_owned();
        if name != "main" {
            tops.insert(name);
        }
    }
    let mut out: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for p in rust_files(src) {
        let rel = p.strip_prefix(src).unwrap().to_string_lossy().into_owned();
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "main" || top == "layers" {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap();
        let mut refer = |target: &str| {
            if target != top && tops.contains(target) {
                out.entry(top.clone())
                    .or_default()
                    .entry(target.to_owned())
                    .or_default()
                    .insert(rel.clone());
            }
        };
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + 7..];
            if let Some(list) = rest.strip_prefix('{') {
                let list = &list[..list.find('}').unwrap_or(list.len())];
                for part in list.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    refer(&name);
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                refer(&name);
            }
        }
        if rel.matches('/').count() == 1 {
            for (i, _) in text.match_indices("super::") {
                let name: String = text[i + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                refer(&name);
            }
        }
    }
    out
}

#[test]
fn no_cycle_between_top_level_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = edges(&src);
    // Depth-first search for a path back to where it started.
    fn reaches(
        edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> bool {
        for next in edges.get(from).map(|m| m.keys()).into_iter().flatten() {
            path.push(next.clone());
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) && reaches(edges, next, to, seen, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    for top in edges.keys() {
        let mut path = vec![top.clone()];
        if reaches(&edges, top, top, &mut BTreeSet::new(), &mut path) {
            let files: Vec<String> = path
                .windows(2)
                .map(|w| format!("{} -> {}: {:?}", w[0], w[1], edges[&w[0]][&w[1]]))
                .collect();
            panic!("a cycle between modules:\n{}", files.join("\n"));
        }
    }
    for (top, to) in &edges {
        assert!(
            top == "cli" || !to.contains_key("cli"),
            "{top} uses cli: {:?}",
            to.get("cli")
        );
    }
}

#[test]
fn the_domain_is_pure() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = edges(&src);
    if let Some(to) = edges.get("domain") {
        panic!("domain/ uses other modules of skud: {to:?}");
    }
    for p in rust_files(&src.join("domain")) {
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap();
        for framework in ["sqlx", "clap", "tokio"] {
            assert!(
                !text.contains(&format!("{framework}::")),
                "{}: uses {framework} (the domain has no framework)",
                p.display()
            );
        }
    }
}

/// The lines of every function outside tests, longest first: (lines, file, name).
fn function_lengths(src: &Path) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for p in rust_files(src) {
        if p.ends_with("layers.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text.split("\n#[cfg(test)]").next().unwrap();
        // Braces that count: outside strings, character literals and line comments.
        let code: Vec<String> = text.lines().map(code_only).collect();
        for (i, line) in code.iter().enumerate() {
            let t = line.trim_start();
            let t = t.strip_prefix("pub ").unwrap_or(t);
            let t = ["pub(crate) ", "pub(super) "]
                .iter()
                .fold(t, |t, p| t.strip_prefix(p).unwrap_or(t));
            let t = t.strip_prefix("async ").unwrap_or(t);
            let Some(rest) = t.strip_prefix("fn ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let (mut depth, mut opened) = (0i32, false);
            for (j, l) in code[i..].iter().enumerate() {
                for ch in l.chars() {
                    match ch {
                        '{' => (depth, opened) = (depth + 1, true),
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    let rel = p.strip_prefix(src).unwrap().display().to_string();
                    out.push((j + 1, rel, name.clone()));
                    break;
                }
            }
        }
    }
    out.sort_by(|a, b| b.cmp(a));
    out
}

/// A line without its string and character literals and its comment.
fn code_only(line: &str) -> String {
    let line = line.replace("'{'", "' '").replace("'}'", "' '");
    let (mut out, mut in_str, mut escaped) = (String::new(), false, false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '/' if chars.peek() == Some(&'/') => break,
            _ => out.push(c),
        }
    }
    out
}

/// DESIGN.md: no function over 100 lines, so that each reads in one sitting.
#[test]
fn no_function_over_100_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let long: Vec<_> = function_lengths(&src)
        .into_iter()
        .filter(|(n, _, _)| *n > 100)
        .collect();
    assert!(long.is_empty(), "functions over 100 lines: {long:?}");
}

/// The picture of the modules (`scripts/modules` prints it): each top-level module with the
/// ones it uses, in layers, the users above what they use.
#[test]
fn picture() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = edges(&src);
    let mut tops: BTreeSet<String> = edges.keys().cloned().collect();
    tops.extend(edges.values().flat_map(|m| m.keys().cloned()));
    // A module's layer: one above the highest layer it uses (no cycle, so this ends).
    let mut layer: BTreeMap<String, usize> = BTreeMap::new();
    while layer.len() < tops.len() {
        let before = layer.len();
        for t in &tops {
            let uses: Vec<&String> = edges.get(t).map(|m| m.keys().collect()).unwrap_or_default();
            if !layer.contains_key(t) && uses.iter().all(|u| layer.contains_key(*u)) {
                let l = uses.iter().map(|u| layer[*u] + 1).max().unwrap_or(0);
                layer.insert(t.clone(), l);
            }
        }
        assert!(
            layer.len() > before,
            "a cycle: see no_cycle_between_top_level_modules"
        );
    }
    let top = layer.values().copied().max().unwrap_or(0);
    for l in (0..=top).rev() {
        for (t, _) in layer.iter().filter(|(_, v)| **v == l) {
            let uses: Vec<&str> = edges
                .get(t)
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let uses = if uses.is_empty() {
                "nothing of skud".to_owned()
            } else {
                uses.join(", ")
            };
            println!("layer {l}  {t:<12} uses {uses}");
        }
    }
}
