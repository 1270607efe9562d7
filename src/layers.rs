//! The architecture, checked: no cycle between the top-level modules, nothing below `cli/`
//! imports `cli/`, and the domain uses no other module of skud and no framework (DESIGN.md,
//! "Architecture"). Read from the source files, so a new `use` that breaks it fails the tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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
    let mut files = vec![src.to_owned()];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if p.extension().is_none_or(|x| x != "rs") {
            continue;
        }
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
    for e in std::fs::read_dir(src.join("domain")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap_or_default();
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
