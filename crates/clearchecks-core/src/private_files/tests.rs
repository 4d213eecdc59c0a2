use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use super::*;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cc-private-{name}-{:08x}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn written_files_are_0600_even_over_a_readable_file() {
    let dir = scratch("write");
    let path = dir.join("export.csv");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    write(&path, b"name,email\n").await.unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "name,email\n");
    let fresh = dir.join("clock.json");
    write_blocking(&fresh, b"{}").unwrap();
    assert_eq!(mode(&fresh), 0o600);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn created_files_and_folders_are_private() {
    let dir = scratch("create");
    let nested = dir.join("a/b");
    create_dir_all(&nested).unwrap();
    assert_eq!(mode(&dir.join("a")), 0o700);
    assert_eq!(mode(&nested), 0o700);
    let file = nested.join("journal.jsonl");
    open_options()
        .create(true)
        .append(true)
        .open(&file)
        .unwrap();
    assert_eq!(mode(&file), 0o600);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn repair_takes_group_and_other_access_away_and_leaves_links_alone() {
    let dir = scratch("repair");
    std::fs::create_dir_all(dir.join("logs")).unwrap();
    std::fs::set_permissions(dir.join("logs"), std::fs::Permissions::from_mode(0o755)).unwrap();
    for (name, m) in [
        ("journal.jsonl", 0o644),
        ("logs/app.log", 0o640),
        ("drafts.json", 0o600),
    ] {
        std::fs::write(dir.join(name), "x").unwrap();
        std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(m)).unwrap();
    }
    let outside = scratch("outside");
    std::fs::write(outside.join("theirs"), "x").unwrap();
    std::fs::set_permissions(
        outside.join("theirs"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.join("theirs"), dir.join("link")).unwrap();

    let repaired = repair_tree(&dir).unwrap();
    assert_eq!(repaired, Repaired { files: 2, dirs: 2 });
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("logs")), 0o700);
    for name in ["journal.jsonl", "logs/app.log", "drafts.json"] {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
    }
    assert_eq!(
        mode(&outside.join("theirs")),
        0o644,
        "a link's target is not ours to change"
    );
    assert_eq!(repair_tree(&dir).unwrap(), Repaired::default());
    assert_eq!(
        repair_tree(&dir.join("missing")).unwrap(),
        Repaired::default()
    );
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(outside).unwrap();
}

#[test]
fn only_our_download_leftovers_are_swept() {
    let dir = scratch("sweep");
    let ours = [
        ".report-rk_1.pdf.0123456789abcdef.part",
        ".a.pdf.ffffffffffffffff.part",
    ];
    let theirs = [
        "report.pdf.part",
        ".report.pdf.part",
        ".report.pdf.0123456789ABCDEF.part",
        ".report.pdf.0123.part",
        "report.pdf",
        "..0123456789abcdef.part",
    ];
    for name in ours.iter().chain(&theirs) {
        std::fs::write(dir.join(name), "x").unwrap();
    }
    assert_eq!(sweep_part_files(&dir), 2);
    for name in ours {
        assert!(!dir.join(name).exists(), "{name}");
    }
    for name in theirs {
        assert!(dir.join(name).exists(), "{name}");
    }
    assert_eq!(sweep_part_files(&dir.join("missing")), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_umask_makes_new_files_private() {
    restrict_umask();
    let dir = std::env::temp_dir().join(format!("cc-umask-{:08x}", rand::random::<u32>()));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("plain"), "x").unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("plain")), 0o600);
    std::fs::remove_dir_all(dir).unwrap();
}
