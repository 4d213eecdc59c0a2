use super::*;

fn registry_with(labels: &[&str]) -> AccountRegistry {
    let mut registry = AccountRegistry::default();
    for label in labels {
        registry
            .add(label, ProfileEnvironment::Sandbox, None)
            .unwrap();
    }
    registry
}

#[test]
fn ids_are_random_v4_uuids() {
    let a = new_account_id();
    let b = new_account_id();
    assert_ne!(a, b);
    assert_eq!(a.len(), 36);
    assert_eq!(&a[14..15], "4");
    assert!("89ab".contains(&a[19..20]));
    assert!(a
        .chars()
        .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
}

#[test]
fn labels_are_unique_case_insensitively() {
    let mut registry = registry_with(&["Acme HR"]);
    let err = registry
        .add("  acme hr ", ProfileEnvironment::Production, None)
        .unwrap_err();
    assert_eq!(
        err,
        ProfileError::DuplicateLabel {
            label: "acme hr".into()
        }
    );
}

#[test]
fn refuses_bad_labels() {
    let mut registry = AccountRegistry::default();
    for bad in ["", "   ", "tab\there", &"x".repeat(65)] {
        assert!(
            matches!(
                registry.add(bad, ProfileEnvironment::Sandbox, None),
                Err(ProfileError::InvalidLabel { .. })
            ),
            "{bad:?}"
        );
    }
    assert!(registry
        .add(&"é".repeat(64), ProfileEnvironment::Sandbox, None)
        .is_ok());
}

#[test]
fn finds_by_id_or_label() {
    let registry = registry_with(&["Acme HR", "Beta"]);
    let beta = registry.accounts()[1].clone();
    assert_eq!(registry.find(&beta.id).unwrap(), &beta);
    assert_eq!(registry.find(" BETA ").unwrap(), &beta);
    assert_eq!(
        registry.find("gamma"),
        Err(ProfileError::NotFound {
            name: "gamma".into()
        })
    );
}

#[test]
fn the_first_account_becomes_active_and_removal_moves_it() {
    let mut registry = registry_with(&["One", "Two", "Three"]);
    let ids: Vec<String> = registry.accounts().iter().map(|a| a.id.clone()).collect();
    assert_eq!(registry.active_id(), Some(ids[0].as_str()));
    registry.set_active(&ids[2]).unwrap();
    registry.remove(&ids[1]).unwrap();
    assert_eq!(registry.active().unwrap().label, "Three");
    registry.remove(&ids[2]).unwrap();
    assert_eq!(registry.active().unwrap().label, "One");
    registry.remove(&ids[0]).unwrap();
    assert_eq!(registry.active(), None);
    assert!(registry.remove(&ids[0]).is_err());
    assert!(registry.set_active(&ids[0]).is_err());
}

#[test]
fn rename_keeps_own_label_but_not_others() {
    let mut registry = registry_with(&["One", "Two"]);
    let one = registry.accounts()[0].id.clone();
    assert_eq!(registry.rename(&one, "ONE").unwrap().label, "ONE");
    assert!(matches!(
        registry.rename(&one, "two"),
        Err(ProfileError::DuplicateLabel { .. })
    ));
}

#[test]
fn environments_convert_both_ways() {
    let custom = Environment::custom("http://127.0.0.1:9000/api/").unwrap();
    let stored = ProfileEnvironment::from_environment(&custom);
    assert_eq!(
        stored,
        ProfileEnvironment::Custom {
            base_url: "http://127.0.0.1:9000/api".into()
        }
    );
    assert_eq!(stored.to_environment().unwrap(), Some(custom));
    assert_eq!(stored.kind_str(), "custom");
    assert_eq!(
        ProfileEnvironment::Sandbox.to_environment().unwrap(),
        Some(Environment::Sandbox)
    );
    assert_eq!(ProfileEnvironment::Demo.to_environment().unwrap(), None);
    let broken = ProfileEnvironment::Custom {
        base_url: "http://example.com/api".into(),
    };
    assert!(matches!(
        broken.to_environment(),
        Err(ProfileError::InvalidEnvironment { .. })
    ));
}

#[test]
fn demo_accounts_are_not_persistent() {
    let mut registry = registry_with(&["Real"]);
    let demo = registry
        .add("Demo", ProfileEnvironment::Demo, None)
        .unwrap();
    registry.set_active(&demo.id).unwrap();
    let (accounts, active) = registry.persistent_parts();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].label, "Real");
    assert_eq!(active, None);
}

#[test]
fn insert_checks_label_and_id() {
    let mut registry = registry_with(&["One"]);
    let profile = AccountProfile::new(" Two ", ProfileEnvironment::Production, None);
    let inserted = registry.insert(profile.clone()).unwrap();
    assert_eq!(inserted.label, "Two");
    assert_eq!(registry.by_id(&profile.id).unwrap().label, "Two");
    assert!(registry.insert(profile).is_err(), "same id twice");
    let clash = AccountProfile::new("one", ProfileEnvironment::Sandbox, None);
    assert!(matches!(
        registry.insert(clash),
        Err(ProfileError::DuplicateLabel { .. })
    ));
}

#[test]
fn a_dangling_active_id_is_dropped() {
    let registry = AccountRegistry::from_parts(Vec::new(), Some("gone".into()));
    assert_eq!(registry.active_id(), None);
}
