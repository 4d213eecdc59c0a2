//! The update service: checks the update server (by itself on a schedule, or when asked),
//! downloads a newer version in the background, keeps it until the user chooses "Restart to
//! install", and tells the UI about every change through `on_change`.
//!
//! It never installs while an order is being placed or reconciled ([`OrderActivity`]): restarting
//! then could leave the user not knowing whether the order went out.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};

use super::schedule;
use super::status::{Step, UpdateFailure, UpdateOffer, UpdateStatus};
use crate::order_activity::OrderActivity;

/// What the user is told when "Restart to install" must wait for an order.
pub const FINISH_ORDER_FIRST: &str =
    "Finish placing the order first. The update stays ready; restart to install it afterwards.";

/// What the user is told when an order's outcome is still unknown: a restart would forget that
/// it must not be sent again until the orders list shows what happened.
pub const CONFIRM_ORDER_FIRST: &str = "We could not yet confirm whether an order was placed. \
     Check it again on the New order screen first; the update stays ready.";

/// Download progress is reported at most once per this share of the file (and at the end).
const PROGRESS_STEPS: u64 = 100;
/// When the server sends no size, progress is reported every this many bytes.
const PROGRESS_BYTES_UNSIZED: u64 = 256 * 1024;

/// Why "Restart to install" did not restart the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
pub enum InstallRefused {
    /// An order is being placed or reconciled; the update stays ready.
    FinishOrderFirst { message: String },
    /// No downloaded update is waiting (none found yet, or it was already used).
    NothingToInstall,
    /// Installing failed; this version keeps running.
    Failed(UpdateFailure),
}

type OnChange = Box<dyn Fn(&UpdateStatus) + Send + Sync>;

pub struct UpdateService<R: Runtime> {
    inner: Arc<Inner<R>>,
}

impl<R: Runtime> Clone for UpdateService<R> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

struct Inner<R: Runtime> {
    app: AppHandle<R>,
    offered: bool,
    orders: OrderActivity,
    status: Mutex<UpdateStatus>,
    /// The verified download waiting for "Restart to install".
    ready: Mutex<Option<(Update, Vec<u8>)>>,
    /// One check (and its download) at a time.
    running: tokio::sync::Mutex<()>,
    on_change: OnChange,
}

impl<R: Runtime> UpdateService<R> {
    /// `offered`: whether this installation updates itself (see [`super::updates_offered`]); when
    /// false the service only ever says `NotOffered` and never contacts the update server.
    pub fn new(
        app: AppHandle<R>,
        offered: bool,
        orders: OrderActivity,
        on_change: impl Fn(&UpdateStatus) + Send + Sync + 'static,
    ) -> Self {
        let status = if offered {
            UpdateStatus::Idle
        } else {
            UpdateStatus::NotOffered
        };
        UpdateService {
            inner: Arc::new(Inner {
                app,
                offered,
                orders,
                status: Mutex::new(status),
                ready: Mutex::new(None),
                running: tokio::sync::Mutex::new(()),
                on_change: Box::new(on_change),
            }),
        }
    }

    pub fn status(&self) -> UpdateStatus {
        lock(&self.inner.status).clone()
    }

    /// Starts the background schedule (first check shortly after start-up, then daily). Does
    /// nothing where updates are not offered.
    pub fn start(&self) {
        if !self.inner.offered {
            return;
        }
        let service = self.clone();
        tauri::async_runtime::spawn(schedule::run(
            schedule::FIRST_CHECK_AFTER,
            schedule::CHECK_EVERY,
            move || {
                let service = service.clone();
                async move {
                    service.check_now().await;
                }
            },
        ));
    }

    /// Checks for a newer version and, when there is one, downloads and verifies it. Returns the
    /// resulting status. A check already under way is not started twice (its status is
    /// returned), and a verified download already waiting is kept.
    pub async fn check_now(&self) -> UpdateStatus {
        if !self.inner.offered {
            return UpdateStatus::NotOffered;
        }
        let Ok(_running) = self.inner.running.try_lock() else {
            return self.status();
        };
        if matches!(self.status(), UpdateStatus::ReadyToInstall(_)) {
            return self.status();
        }
        self.set(UpdateStatus::Checking);
        let found = match self.inner.app.updater() {
            Ok(updater) => updater.check().await,
            Err(err) => Err(err),
        };
        let update = match found {
            Ok(Some(update)) => update,
            Ok(None) => {
                return self.set(UpdateStatus::UpToDate {
                    checked_at: Utc::now(),
                })
            }
            Err(err) => return UpdateStatus::Failed(self.fail(Step::Check, &err)),
        };
        let offer = offer_of(&update);
        self.set(UpdateStatus::Available(offer.clone()));
        match self.download(&update, &offer).await {
            Ok(bytes) => {
                *lock(&self.inner.ready) = Some((update, bytes));
                self.set(UpdateStatus::ReadyToInstall(offer))
            }
            Err(err) => UpdateStatus::Failed(self.fail(Step::Download, &err)),
        }
    }

    /// "Restart to install": installs the verified download and restarts the app — unless an
    /// order is being placed or reconciled, then nothing happens and the user is asked to finish
    /// it first (the update stays ready for a later click).
    pub fn install(&self) -> InstallRefused {
        if self.inner.orders.is_busy() {
            log::info!("update install postponed: an order is in progress");
            return InstallRefused::FinishOrderFirst {
                message: FINISH_ORDER_FIRST.to_owned(),
            };
        }
        if self.inner.orders.unresolved_count() > 0 {
            log::info!("update install postponed: an order's outcome is still unknown");
            return InstallRefused::FinishOrderFirst {
                message: CONFIRM_ORDER_FIRST.to_owned(),
            };
        }
        let Some((update, bytes)) = lock(&self.inner.ready).take() else {
            return InstallRefused::NothingToInstall;
        };
        log::info!("installing update {} and restarting", update.version);
        // Verifies the signature again, then replaces the app (on Windows the installer exits
        // the app itself).
        match update.install(&bytes) {
            Ok(()) => self.inner.app.restart(),
            Err(err) => InstallRefused::Failed(self.fail(Step::Install, &err)),
        }
    }

    async fn download(
        &self,
        update: &Update,
        offer: &UpdateOffer,
    ) -> Result<Vec<u8>, tauri_plugin_updater::Error> {
        let received = AtomicU64::new(0);
        let total = AtomicU64::new(0);
        let reported = AtomicU64::new(0);
        let progress = |received: u64, total: Option<u64>| {
            let bytes = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
            self.set(UpdateStatus::Downloading {
                offer: offer.clone(),
                received: bytes(received),
                total: total.map(bytes),
            });
        };
        update
            .download(
                |chunk, content_length| {
                    let now = received.fetch_add(chunk as u64, Ordering::SeqCst) + chunk as u64;
                    total.store(content_length.unwrap_or(0), Ordering::SeqCst);
                    let step = match content_length {
                        Some(size) if size > 0 => now.saturating_mul(PROGRESS_STEPS) / size,
                        _ => now / PROGRESS_BYTES_UNSIZED,
                    };
                    if step > reported.load(Ordering::SeqCst) || now == chunk as u64 {
                        reported.store(step, Ordering::SeqCst);
                        progress(now, content_length);
                    }
                },
                || {
                    let size = total.load(Ordering::SeqCst);
                    progress(received.load(Ordering::SeqCst), (size > 0).then_some(size));
                },
            )
            .await
    }

    fn fail(&self, step: Step, error: &tauri_plugin_updater::Error) -> UpdateFailure {
        log::warn!("update {step:?} failed: {error}");
        let failure = UpdateFailure::of(step, error, Utc::now());
        self.set(UpdateStatus::Failed(failure.clone()));
        failure
    }

    fn set(&self, status: UpdateStatus) -> UpdateStatus {
        *lock(&self.inner.status) = status.clone();
        (self.inner.on_change)(&status);
        status
    }
}

fn offer_of(update: &Update) -> UpdateOffer {
    UpdateOffer {
        version: update.version.clone(),
        date: update
            .date
            .and_then(|date| DateTime::<Utc>::from_timestamp(date.unix_timestamp(), 0)),
        notes: update.body.clone().filter(|notes| !notes.trim().is_empty()),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
