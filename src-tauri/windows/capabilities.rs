//! Checks over the capability files in `capabilities/`: no grant reaches a widget window, and the
//! widget deny capability covers everything any capability grants (on remote pages, the only
//! place Tauri lets a deny apply to widget windows alone; see `capabilities/widget-deny.json`).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::windows::widget_window::LABEL_PREFIX;

const DENY_CAPABILITY: &str = "widget-deny";

fn capability_files() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("capabilities/")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let json: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.display().to_string(), json)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(files.len() >= 2, "expected main and widget-deny: {files:?}");
    files
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|v| v.as_str().expect("a string").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Labels a widget window can have (`widget-<kind>-<8 hex>`), plus odd ones a glob could trip on.
fn widget_labels() -> Vec<String> {
    let mut labels: Vec<String> = ["report", "applicant-form", "registration"]
        .iter()
        .map(|kind| format!("{LABEL_PREFIX}{kind}-0a1b2c3d"))
        .collect();
    labels.push(format!("{LABEL_PREFIX}main"));
    labels.push(LABEL_PREFIX.to_owned());
    labels
}

fn is_deny(permission: &str) -> bool {
    permission.rsplit(':').next().unwrap().starts_with("deny-")
}

/// The app permissions a set in `permissions/*.toml` stands for (only `app-commands` exists).
fn expand(permission: &str) -> Vec<String> {
    if permission == "app-commands" {
        crate::ipc::APP_COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect()
    } else {
        vec![permission.to_owned()]
    }
}

#[test]
fn no_grant_matches_a_widget_label() {
    for (file, capability) in capability_files() {
        let granting = strings(&capability, "permissions")
            .iter()
            .any(|p| !is_deny(p));
        if !granting {
            continue;
        }
        for pattern in strings(&capability, "windows")
            .iter()
            .chain(&strings(&capability, "webviews"))
        {
            let glob = glob::Pattern::new(pattern).unwrap();
            for label in widget_labels() {
                assert!(
                    !glob.matches(&label),
                    "{file}: window pattern {pattern:?} grants permissions to widget label {label}"
                );
            }
        }
    }
}

#[test]
fn only_the_deny_capability_names_widget_windows_and_it_only_denies() {
    let files = capability_files();
    let (file, deny) = files
        .iter()
        .find(|(_, c)| c["identifier"] == DENY_CAPABILITY)
        .expect("capabilities/widget-deny.json");
    let permissions = strings(deny, "permissions");
    assert!(!permissions.is_empty());
    for permission in &permissions {
        assert!(is_deny(permission), "{file}: {permission} is not a deny");
    }
    // A local deny would also deny the main window (Tauri ignores labels for denies).
    assert_eq!(deny["local"], false, "{file} must not apply to local pages");
    for label in widget_labels() {
        assert!(strings(deny, "windows")
            .iter()
            .any(|p| glob::Pattern::new(p).unwrap().matches(&label)));
    }
    assert!(!strings(deny, "windows")
        .iter()
        .any(|p| glob::Pattern::new(p)
            .unwrap()
            .matches(crate::windows::main_window::LABEL)));
}

#[test]
fn the_deny_covers_every_grant() {
    let files = capability_files();
    let denied: BTreeSet<String> = files
        .iter()
        .filter(|(_, c)| c["identifier"] == DENY_CAPABILITY)
        .flat_map(|(_, c)| strings(c, "permissions"))
        .collect();
    let granted: BTreeSet<String> = files
        .iter()
        .filter(|(_, c)| c["identifier"] != DENY_CAPABILITY)
        .flat_map(|(_, c)| strings(c, "permissions"))
        .flat_map(|p| expand(&p))
        .collect();
    assert!(granted.len() > crate::ipc::APP_COMMANDS.len());
    for grant in granted {
        let deny = match grant.rsplit_once(':') {
            Some((plugin, name)) => format!("{plugin}:{}", name.replacen("allow-", "deny-", 1)),
            None => grant.replacen("allow-", "deny-", 1),
        };
        assert!(
            denied.contains(&deny),
            "granted {grant} but {deny} is not in {DENY_CAPABILITY}"
        );
    }
}

#[test]
fn the_deny_applies_to_every_remote_page_a_widget_can_show() {
    let files = capability_files();
    let (_, deny) = files
        .iter()
        .find(|(_, c)| c["identifier"] == DENY_CAPABILITY)
        .unwrap();
    let patterns: Vec<tauri::utils::acl::RemoteUrlPattern> = strings(&deny["remote"], "urls")
        .iter()
        .map(|u| u.parse().unwrap())
        .collect();
    for page in [
        "https://app.clearchecks.com/report/view?x=1#y",
        "https://sandbox.clearchecks.com/",
        "https://evil.example:8443/a/b",
        "http://127.0.0.1:43121/js/widgets/report.js",
        "http://localhost/",
    ] {
        let url = tauri::Url::parse(page).unwrap();
        assert!(
            patterns.iter().any(|p| p.test(&url)),
            "{page} is not covered"
        );
    }
}
