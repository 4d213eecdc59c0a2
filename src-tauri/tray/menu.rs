//! What the tray menu says and does, as data (built into a native menu by `tray`).

use chrono::{DateTime, Local};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayAction {
    Open,
    NewOrder,
    SyncNow,
    PauseOneHour,
    PauseUntilTomorrow,
    Resume,
    Quit,
}

impl TrayAction {
    const ALL: [TrayAction; 7] = [
        TrayAction::Open,
        TrayAction::NewOrder,
        TrayAction::SyncNow,
        TrayAction::PauseOneHour,
        TrayAction::PauseUntilTomorrow,
        TrayAction::Resume,
        TrayAction::Quit,
    ];

    /// The native menu item's id.
    pub fn id(self) -> &'static str {
        match self {
            TrayAction::Open => "tray-open",
            TrayAction::NewOrder => "tray-new-order",
            TrayAction::SyncNow => "tray-sync-now",
            TrayAction::PauseOneHour => "tray-pause-1h",
            TrayAction::PauseUntilTomorrow => "tray-pause-tomorrow",
            TrayAction::Resume => "tray-resume",
            TrayAction::Quit => "tray-quit",
        }
    }

    pub fn from_id(id: &str) -> Option<TrayAction> {
        Self::ALL.into_iter().find(|a| a.id() == id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Item {
        action: TrayAction,
        label: String,
    },
    /// A line of information (not clickable).
    Note(String),
    Separator,
}

fn item(action: TrayAction, label: &str) -> Entry {
    Entry::Item {
        action,
        label: label.to_owned(),
    }
}

/// The menu, given whether notifications are paused (and until when, on the user's clock).
pub fn entries(paused_until: Option<DateTime<Local>>, now: DateTime<Local>) -> Vec<Entry> {
    let mut menu = vec![
        item(TrayAction::Open, "Open ClearChecks"),
        item(TrayAction::NewOrder, "New order"),
        item(TrayAction::SyncNow, "Sync now"),
        Entry::Separator,
    ];
    match paused_until {
        Some(until) => {
            let when = if until.date_naive() == now.date_naive() {
                until.format("%H:%M").to_string()
            } else {
                until.format("%a %H:%M").to_string()
            };
            menu.push(Entry::Note(format!("Notifications paused until {when}")));
            menu.push(item(TrayAction::Resume, "Resume notifications"));
        }
        None => {
            menu.push(item(
                TrayAction::PauseOneHour,
                "Pause notifications for 1 hour",
            ));
            menu.push(item(
                TrayAction::PauseUntilTomorrow,
                "Pause notifications until tomorrow",
            ));
        }
    }
    menu.push(Entry::Separator);
    menu.push(item(TrayAction::Quit, "Quit ClearChecks"));
    menu
}

/// The tray's tooltip (and, where the platform shows one, its title next to the icon).
pub fn tooltip(needing: usize) -> String {
    match needing {
        0 => "ClearChecks Desktop — nothing needs you".to_owned(),
        1 => "ClearChecks Desktop — 1 order needs you".to_owned(),
        n => format!("ClearChecks Desktop — {n} orders need you"),
    }
}

/// The short title next to the icon (Linux and macOS): the count, or nothing.
pub fn title(needing: usize) -> Option<String> {
    (needing > 0).then(|| needing.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn labels(menu: &[Entry]) -> Vec<String> {
        menu.iter()
            .map(|e| match e {
                Entry::Item { label, .. } => label.clone(),
                Entry::Note(text) => format!("({text})"),
                Entry::Separator => "---".to_owned(),
            })
            .collect()
    }

    #[test]
    fn the_menu_offers_what_the_coordinator_needs() {
        let now = Local.with_ymd_and_hms(2026, 12, 3, 14, 0, 0).unwrap();
        assert_eq!(
            labels(&entries(None, now)),
            [
                "Open ClearChecks",
                "New order",
                "Sync now",
                "---",
                "Pause notifications for 1 hour",
                "Pause notifications until tomorrow",
                "---",
                "Quit ClearChecks",
            ]
        );
        let paused = entries(Some(now + Duration::hours(1)), now);
        assert_eq!(
            labels(&paused)[4..6],
            ["(Notifications paused until 15:00)", "Resume notifications"]
        );
        let overnight = entries(
            Some(Local.with_ymd_and_hms(2026, 12, 4, 8, 0, 0).unwrap()),
            now,
        );
        assert_eq!(
            labels(&overnight)[4],
            "(Notifications paused until Fri 08:00)"
        );
    }

    #[test]
    fn every_action_round_trips_through_its_menu_id() {
        for action in TrayAction::ALL {
            assert_eq!(TrayAction::from_id(action.id()), Some(action));
        }
        assert_eq!(TrayAction::from_id("something-else"), None);
        let now = Local::now();
        for menu in [entries(None, now), entries(Some(now), now)] {
            let ids: Vec<_> = menu
                .iter()
                .filter_map(|e| match e {
                    Entry::Item { action, .. } => Some(action.id()),
                    _ => None,
                })
                .collect();
            let unique: std::collections::HashSet<_> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "ids are unique");
        }
    }

    #[test]
    fn the_count_is_in_the_tooltip_and_title() {
        assert_eq!(tooltip(0), "ClearChecks Desktop — nothing needs you");
        assert_eq!(tooltip(1), "ClearChecks Desktop — 1 order needs you");
        assert_eq!(tooltip(12), "ClearChecks Desktop — 12 orders need you");
        assert_eq!(title(0), None);
        assert_eq!(title(3).as_deref(), Some("3"));
    }
}
