//! Non-secret preferences, kept with tauri-plugin-store in `settings.json` in the app's data
//! directory. A test in `commands::settings` checks that nothing secret can be put here: the type
//! has no field for a token or a key.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use crate::error::{AppError, AppResult};

pub const STORE_FILE: &str = "settings.json";
const KEY: &str = "settings";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "lowercase")]
pub enum Density {
    #[default]
    Comfortable,
    Compact,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NotificationPrefs {
    pub applicant_submitted: bool,
    pub report_complete: bool,
    pub needs_review: bool,
    pub pre_adverse_due: bool,
    /// Name the applicant in notifications. Off by default: a notification can show on a locked
    /// screen, where anyone passing by can read it.
    pub show_applicant_names: bool,
}

impl Default for NotificationPrefs {
    fn default() -> Self {
        NotificationPrefs {
            applicant_submitted: true,
            report_complete: true,
            needs_review: true,
            pre_adverse_due: true,
            show_applicant_names: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "camelCase")]
pub struct OrdersViewPrefs {
    pub sort_column: Option<String>,
    pub sort_descending: bool,
    pub status_groups: Vec<String>,
    pub search: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub theme: Theme,
    pub density: Density,
    /// How often the background poller looks at open orders (seconds). Clamped to 30..=3600.
    pub poll_interval_secs: u32,
    /// Business days a pre-adverse notice stands before the app reminds you (1..=30).
    pub pre_adverse_business_days: u32,
    pub notifications: NotificationPrefs,
    pub orders_view: OrdersViewPrefs,
    /// Closing the main window hides it and the app keeps syncing in the tray (on by default);
    /// off: closing the window quits the app.
    pub keep_running_in_tray: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: Theme::System,
            density: Density::Comfortable,
            poll_interval_secs: 60,
            pre_adverse_business_days: 5,
            notifications: NotificationPrefs::default(),
            orders_view: OrdersViewPrefs::default(),
            keep_running_in_tray: true,
        }
    }
}

impl Settings {
    pub const POLL_INTERVAL_RANGE: std::ops::RangeInclusive<u32> = 30..=3600;
    pub const PRE_ADVERSE_DAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=30;

    /// Refuses values outside the documented ranges instead of silently clamping what the user typed.
    pub fn validate(&self) -> AppResult<()> {
        if !Self::POLL_INTERVAL_RANGE.contains(&self.poll_interval_secs) {
            return Err(AppError::invalid_input(
                "pollIntervalSecs",
                "Choose between 30 seconds and 1 hour.",
            ));
        }
        if !Self::PRE_ADVERSE_DAYS_RANGE.contains(&self.pre_adverse_business_days) {
            return Err(AppError::invalid_input(
                "preAdverseBusinessDays",
                "Choose between 1 and 30 business days.",
            ));
        }
        if self.orders_view.search.len() > 512 {
            return Err(AppError::invalid_input(
                "ordersView.search",
                "The saved search is too long.",
            ));
        }
        Ok(())
    }
}

/// Reads the settings; a missing or unreadable entry gives the defaults (and is logged).
pub fn load<R: Runtime>(app: &AppHandle<R>) -> AppResult<Settings> {
    let store = app.store(STORE_FILE).map_err(AppError::internal)?;
    Ok(store
        .get(KEY)
        .map(|stored| from_stored(&stored))
        .unwrap_or_default())
}

/// Reads stored settings over the defaults, so a file from an older version (missing fields) or
/// with a damaged field still gives a complete, valid set.
fn from_stored(stored: &serde_json::Value) -> Settings {
    let mut merged = serde_json::to_value(Settings::default()).expect("settings serialise");
    merge(&mut merged, stored);
    serde_json::from_value::<Settings>(merged)
        .ok()
        .filter(|s| s.validate().is_ok())
        .unwrap_or_else(|| {
            log::warn!("stored settings could not be read; using defaults");
            Settings::default()
        })
}

fn merge(base: &mut serde_json::Value, over: &serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                match base.get_mut(key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

/// Whether the user was told, at the first close, that the app keeps running in the tray (kept
/// apart from `Settings`, which the UI writes whole from its own copy).
const TRAY_NOTICE_KEY: &str = "trayNoticeShown";

pub fn tray_notice_shown<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.store(STORE_FILE)
        .ok()
        .and_then(|store| store.get(TRAY_NOTICE_KEY))
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

pub fn remember_tray_notice<R: Runtime>(app: &AppHandle<R>) {
    match app.store(STORE_FILE) {
        Ok(store) => {
            store.set(TRAY_NOTICE_KEY, true);
            if let Err(err) = store.save() {
                log::warn!("could not save the settings: {err}");
            }
        }
        Err(err) => log::warn!("could not open the settings: {err}"),
    }
}

pub fn save<R: Runtime>(app: &AppHandle<R>, settings: &Settings) -> AppResult<()> {
    settings.validate()?;
    let store = app.store(STORE_FILE).map_err(AppError::internal)?;
    store.set(
        KEY,
        serde_json::to_value(settings).map_err(AppError::internal)?,
    );
    store.save().map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_partial_json_fills_in_defaults() {
        assert!(Settings::default().validate().is_ok());
        let parsed =
            from_stored(&serde_json::json!({"theme":"dark","notifications":{"needsReview":false}}));
        assert_eq!(parsed.theme, Theme::Dark);
        assert!(!parsed.notifications.needs_review);
        assert!(parsed.notifications.report_complete);
        assert_eq!(parsed.poll_interval_secs, 60);
    }

    #[test]
    fn notifications_name_nobody_unless_asked() {
        assert!(!Settings::default().notifications.show_applicant_names);
        // A settings file from before the switch existed gets the neutral default too.
        let older = from_stored(&serde_json::json!({"notifications":{"needsReview":true}}));
        assert!(!older.notifications.show_applicant_names);
        let named = from_stored(&serde_json::json!({"notifications":{"showApplicantNames":true}}));
        assert!(named.notifications.show_applicant_names);
    }

    #[test]
    fn the_app_keeps_running_in_the_tray_unless_turned_off() {
        assert!(Settings::default().keep_running_in_tray);
        // A settings file from before the switch existed keeps the app in the tray too.
        assert!(from_stored(&serde_json::json!({"theme": "dark"})).keep_running_in_tray);
        assert!(
            !from_stored(&serde_json::json!({"keepRunningInTray": false})).keep_running_in_tray
        );
    }

    #[test]
    fn a_damaged_file_gives_the_defaults() {
        assert_eq!(
            from_stored(&serde_json::json!({"theme": 42})),
            Settings::default()
        );
        assert_eq!(
            from_stored(&serde_json::json!({"pollIntervalSecs": 1})),
            Settings::default()
        );
    }

    #[test]
    fn out_of_range_values_are_refused_with_the_field_named() {
        let s = Settings {
            poll_interval_secs: 5,
            ..Settings::default()
        };
        assert!(
            matches!(s.validate(), Err(AppError::InvalidInput { field, .. }) if field == "pollIntervalSecs")
        );
        let s = Settings {
            pre_adverse_business_days: 0,
            ..Settings::default()
        };
        assert!(
            matches!(s.validate(), Err(AppError::InvalidInput { field, .. }) if field == "preAdverseBusinessDays")
        );
    }
}
