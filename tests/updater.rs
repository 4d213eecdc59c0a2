//! The in-app updater end to end, through the updater plugin's own code: the app's plugin (as
//! `updates::plugin` builds it, with `plugins.updater` from `tauri.conf.json`) checks a
//! `latest.json` served from 127.0.0.1, downloads the update and verifies its minisign signature.
//!
//! The fixture `tests/fixtures/updater/update-0.2.0.bin(.sig)` was signed with the committed TEST
//! updater key, bound to version 0.2.0, as `tauri build` does for real artifacts:
//!   tauri signer sign -f keys/test/updater.key --app-version 0.2.0 tests/fixtures/updater/update-0.2.0.bin
//! The test swaps the configured public key for the test one, so it keeps passing when the committed
//! config carries the real release key.
//!
//! The second half drives the app's `UpdateService` (what the schedule, "Check for updates" and
//! "Restart to install" call) over the same feed and records every status it reports.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use clearchecks_desktop_lib::order_activity::OrderActivity;
use clearchecks_desktop_lib::updates::{InstallRefused, UpdateService, UpdateStatus};
use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::App;
use tauri_plugin_updater::{Error, UpdaterExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo_file(path)).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

const PAYLOAD: &str = "tests/fixtures/updater/update-0.2.0.bin";

type Files = Arc<Mutex<HashMap<String, Vec<u8>>>>;
/// Every path the file server was asked for, in order.
type Requests = Arc<Mutex<Vec<String>>>;

/// A mock app with the app's updater plugin, configured from `tauri.conf.json` but pointed at
/// `origin` and holding the TEST public key.
fn app_checking(origin: &str) -> App<MockRuntime> {
    let conf: Value =
        serde_json::from_slice(&read("tauri.conf.json")).expect("tauri.conf.json is JSON");
    let mut updater = conf["plugins"]["updater"].clone();
    assert!(
        updater.is_object(),
        "tauri.conf.json has no plugins.updater section"
    );
    updater["pubkey"] = json!(String::from_utf8(read("keys/test/updater.key.pub"))
        .unwrap()
        .trim());
    updater["endpoints"] = json!([format!("{origin}/latest.json")]);
    // Plain http is fine here: only loopback, and the signature is what the test is about.
    updater["dangerousInsecureTransportProtocol"] = json!(true);

    let mut context = mock_context(noop_assets());
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".into(), updater);
    // The running app is 0.1.0 (the mock's version); make sure the fixture is an update for it.
    assert_eq!(context.package_info().version.to_string(), "0.1.0");
    mock_builder()
        .plugin(clearchecks_desktop_lib::updates::plugin())
        .build(context)
        .expect("mock app with the updater plugin")
}

/// `latest.json` in the static format `tauri-action` publishes, announcing `version` at `file`.
fn manifest(origin: &str, version: &str, file: &str) -> Vec<u8> {
    let target = tauri_plugin_updater::target().expect("the updater supports this platform");
    let signature = String::from_utf8(read(&format!("{PAYLOAD}.sig"))).unwrap();
    serde_json::to_vec(&json!({
        "version": version,
        "notes": "Test release",
        "pub_date": "2026-01-01T00:00:00Z",
        "platforms": { target: { "url": format!("{origin}{file}"), "signature": signature.trim() } }
    }))
    .unwrap()
}

/// Serves a manifest for `version` whose download is `payload`, then checks and downloads.
async fn check_and_download(version: &str, payload: Vec<u8>) -> Result<Vec<u8>, Error> {
    let files = Files::default();
    let origin = serve(files.clone()).await;
    {
        let mut files = files.lock().unwrap();
        files.insert(
            "/latest.json".to_string(),
            manifest(&origin, version, "/download/update.bin"),
        );
        files.insert("/download/update.bin".to_string(), payload);
    }
    let app = app_checking(&origin);
    let update = app
        .updater()
        .expect("updater builds from the config")
        .check()
        .await
        .expect("the manifest is fetched and parsed")
        .expect("a newer version is announced");
    assert_eq!(update.version, version);
    update.download(|_, _| {}, || {}).await
}

/// A minimal file server on 127.0.0.1: GET <path> answers with the bytes registered for that path,
/// anything else with 404. The files can be filled in once the origin is known (the manifest names
/// the server's own address). It lives as long as the test's runtime.
async fn serve(files: Files) -> String {
    serve_logged(files, Requests::default()).await
}

async fn serve_logged(files: Files, requests: Requests) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let files = files.clone();
            let requests = requests.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&request);
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                requests.lock().unwrap().push(path.clone());
                let found = files.lock().unwrap().get(&path).cloned();
                let (status, body) = match found {
                    Some(body) => ("200 OK", body),
                    None => ("404 Not Found", b"not found".to_vec()),
                };
                let header = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(header.as_bytes()).await;
                let _ = socket.write_all(&body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    origin
}

#[tokio::test]
async fn a_genuine_signed_update_is_accepted() {
    let payload = read(PAYLOAD);
    let downloaded = check_and_download("0.2.0", payload.clone())
        .await
        .expect("a genuine update verifies");
    assert_eq!(downloaded, payload);
}

#[tokio::test]
async fn an_update_with_one_flipped_byte_is_rejected() {
    let mut payload = read(PAYLOAD);
    let middle = payload.len() / 2;
    payload[middle] ^= 0x01;
    let error = check_and_download("0.2.0", payload)
        .await
        .expect_err("a tampered update must not verify");
    assert!(
        matches!(error, Error::Minisign(_)),
        "expected a signature failure, got {error:?}"
    );
}

#[tokio::test]
async fn an_older_signed_package_announced_as_a_newer_version_is_rejected() {
    // A manifest that pairs version 0.3.0 with the (genuine) 0.2.0 package: a downgrade attack that
    // `requireSignedVersion` in tauri.conf.json exists to stop.
    let error = check_and_download("0.3.0", read(PAYLOAD))
        .await
        .expect_err("the signed version must match");
    assert!(
        matches!(error, Error::SignedVersionMismatch { .. }),
        "expected a version mismatch, got {error:?}"
    );
}

#[tokio::test]
async fn no_update_is_offered_when_the_announced_version_is_not_newer() {
    let files = Files::default();
    let origin = serve(files.clone()).await;
    files.lock().unwrap().insert(
        "/latest.json".to_string(),
        manifest(&origin, "0.1.0", "/download/update.bin"),
    );
    let app = app_checking(&origin);
    let update = app
        .updater()
        .unwrap()
        .check()
        .await
        .expect("the manifest is fetched and parsed");
    assert!(update.is_none(), "0.1.0 is not an update for 0.1.0");
}

// --- the update service ------------------------------------------------------------------------

/// A feed on 127.0.0.1 announcing `version` with `payload` as its download, the mock app checking
/// it, and what its server was asked for.
struct Feed {
    app: App<MockRuntime>,
    requests: Requests,
}

async fn feed(version: &str, payload: Vec<u8>) -> Feed {
    let files = Files::default();
    let requests = Requests::default();
    let origin = serve_logged(files.clone(), requests.clone()).await;
    {
        let mut files = files.lock().unwrap();
        files.insert(
            "/latest.json".to_string(),
            manifest(&origin, version, "/download/update.bin"),
        );
        files.insert("/download/update.bin".to_string(), payload);
    }
    Feed {
        app: app_checking(&origin),
        requests,
    }
}

/// The service as the app builds it, recording every status it reports to the window.
fn service(
    app: &App<MockRuntime>,
    offered: bool,
    orders: OrderActivity,
) -> (UpdateService<MockRuntime>, Arc<Mutex<Vec<UpdateStatus>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let service = UpdateService::new(app.handle().clone(), offered, orders, move |status| {
        record.lock().unwrap().push(status.clone())
    });
    (service, seen)
}

#[tokio::test]
async fn the_service_downloads_a_genuine_update_and_holds_it_ready_to_install() {
    let payload = read(PAYLOAD);
    let feed = feed("0.2.0", payload.clone()).await;
    let (service, seen) = service(&feed.app, true, OrderActivity::default());
    assert_eq!(service.status(), UpdateStatus::Idle);

    let end = service.check_now().await;

    let UpdateStatus::ReadyToInstall(offer) = &end else {
        panic!("expected ready to install, got {end:?}");
    };
    assert_eq!(offer.version, "0.2.0");
    assert_eq!(offer.notes.as_deref(), Some("Test release"));
    assert_eq!(
        offer.date.map(|d| d.to_rfc3339()),
        Some("2026-01-01T00:00:00+00:00".to_string())
    );
    assert_eq!(service.status(), end);

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.first(), Some(&UpdateStatus::Checking));
    assert!(matches!(seen.get(1), Some(UpdateStatus::Available(o)) if o == offer));
    assert_eq!(seen.last(), Some(&end));
    let progress: Vec<(u32, Option<u32>)> = seen
        .iter()
        .filter_map(|s| match s {
            UpdateStatus::Downloading {
                received, total, ..
            } => Some((*received, *total)),
            _ => None,
        })
        .collect();
    assert!(!progress.is_empty(), "no download progress in {seen:?}");
    let size = u32::try_from(payload.len()).unwrap();
    assert!(
        progress.windows(2).all(|w| w[0].0 <= w[1].0),
        "progress goes forward: {progress:?}"
    );
    assert!(progress.iter().all(|(_, total)| *total == Some(size)));
    assert_eq!(
        progress.last().unwrap().0,
        size,
        "the progress adds up to the file"
    );
    assert_eq!(
        *feed.requests.lock().unwrap(),
        ["/latest.json", "/download/update.bin"]
    );

    // A later check (the daily one, or the button) keeps the verified download, fetching nothing.
    assert_eq!(service.check_now().await, end);
    assert_eq!(feed.requests.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn the_service_refuses_a_tampered_update_and_has_nothing_to_install() {
    let mut payload = read(PAYLOAD);
    let middle = payload.len() / 2;
    payload[middle] ^= 0x01;
    let feed = feed("0.2.0", payload).await;
    let (service, seen) = service(&feed.app, true, OrderActivity::default());

    let end = service.check_now().await;

    let UpdateStatus::Failed(failure) = &end else {
        panic!("expected failed, got {end:?}");
    };
    assert_eq!(
        failure.message,
        "This update's signature did not match ours, so it was not installed."
    );
    assert!(!failure.reason.is_empty());
    assert_eq!(seen.lock().unwrap().last(), Some(&end));
    assert!(
        !seen
            .lock()
            .unwrap()
            .iter()
            .any(|s| matches!(s, UpdateStatus::ReadyToInstall(_))),
        "a tampered update is never offered for install"
    );
    assert_eq!(service.install(), InstallRefused::NothingToInstall);
}

#[tokio::test]
async fn the_service_refuses_an_older_package_announced_as_newer() {
    let feed = feed("0.3.0", read(PAYLOAD)).await;
    let (service, _) = service(&feed.app, true, OrderActivity::default());
    let end = service.check_now().await;
    let UpdateStatus::Failed(failure) = &end else {
        panic!("expected failed, got {end:?}");
    };
    assert!(
        failure
            .message
            .contains("not signed for the version it claims"),
        "{}",
        failure.message
    );
    assert_eq!(service.install(), InstallRefused::NothingToInstall);
}

#[tokio::test]
async fn the_service_is_up_to_date_when_the_feed_offers_the_same_or_an_older_version() {
    for version in ["0.1.0", "0.0.9"] {
        let feed = feed(version, read(PAYLOAD)).await;
        let (service, seen) = service(&feed.app, true, OrderActivity::default());
        let before = chrono::Utc::now();
        let end = service.check_now().await;
        let UpdateStatus::UpToDate { checked_at } = end else {
            panic!("{version}: expected up to date, got {end:?}");
        };
        assert!(checked_at >= before);
        assert_eq!(
            *seen.lock().unwrap(),
            [UpdateStatus::Checking, service.status()]
        );
        assert_eq!(
            *feed.requests.lock().unwrap(),
            ["/latest.json"],
            "{version}: nothing is downloaded"
        );
    }
}

#[tokio::test]
async fn the_service_does_not_install_while_an_order_is_being_placed() {
    let feed = feed("0.2.0", read(PAYLOAD)).await;
    let orders = OrderActivity::default();
    let (service, _) = service(&feed.app, true, orders.clone());
    let ready = service.check_now().await;
    assert!(
        matches!(ready, UpdateStatus::ReadyToInstall(_)),
        "{ready:?}"
    );

    let placing = orders.begin();
    assert_eq!(
        service.install(),
        InstallRefused::FinishOrderFirst {
            message: "Finish placing the order first. The update stays ready; restart to install it afterwards."
                .into()
        }
    );
    assert_eq!(service.status(), ready, "the update stays ready");
    drop(placing);
    the_click_after_the_order_goes_to_the_installer(&service, ready);
}

#[tokio::test]
async fn the_service_does_not_install_while_an_orders_outcome_is_unknown() {
    let feed = feed("0.2.0", read(PAYLOAD)).await;
    let orders = OrderActivity::default();
    let (service, _) = service(&feed.app, true, orders.clone());
    let ready = service.check_now().await;
    assert!(
        matches!(ready, UpdateStatus::ReadyToInstall(_)),
        "{ready:?}"
    );

    // Sent, no clear answer, and the orders list has not shown what happened yet.
    orders.mark_unresolved("acct|HIRE1|ada@example.com".into());
    assert_eq!(
        service.install(),
        InstallRefused::FinishOrderFirst {
            message: "We could not yet confirm whether an order was placed. Check it again on \
                      the New order screen first; the update stays ready."
                .into()
        }
    );
    assert_eq!(service.status(), ready, "the update stays ready");
    orders.resolve("acct|HIRE1|ada@example.com");
    the_click_after_the_order_goes_to_the_installer(&service, ready);
}

/// Once the order is done, the next click hands the verified bytes to the updater's installer.
/// On Linux outside an AppImage the fixture (not a real package) is refused before anything is
/// replaced, so the test binary survives and the failure path is what is seen; elsewhere a real
/// installer could run, so it is not tried.
#[cfg(target_os = "linux")]
fn the_click_after_the_order_goes_to_the_installer(
    service: &UpdateService<MockRuntime>,
    _ready: UpdateStatus,
) {
    let InstallRefused::Failed(failure) = service.install() else {
        panic!("expected the installer to refuse the fixture");
    };
    assert_eq!(
        failure.message,
        "The update could not be installed; this version keeps running."
    );
    assert_eq!(service.status(), UpdateStatus::Failed(failure));
    assert_eq!(service.install(), InstallRefused::NothingToInstall);
}

#[cfg(not(target_os = "linux"))]
fn the_click_after_the_order_goes_to_the_installer(
    service: &UpdateService<MockRuntime>,
    ready: UpdateStatus,
) {
    assert_eq!(service.status(), ready);
}

#[tokio::test]
async fn where_the_package_manager_updates_the_app_the_service_never_asks_the_server() {
    let feed = feed("0.2.0", read(PAYLOAD)).await;
    let (service, seen) = service(&feed.app, false, OrderActivity::default());
    assert_eq!(service.status(), UpdateStatus::NotOffered);
    assert_eq!(service.check_now().await, UpdateStatus::NotOffered);
    assert_eq!(service.install(), InstallRefused::NothingToInstall);
    assert!(seen.lock().unwrap().is_empty());
    assert!(feed.requests.lock().unwrap().is_empty());
}
