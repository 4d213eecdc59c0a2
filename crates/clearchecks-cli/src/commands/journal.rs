//! Appending to the local audit journal shared with ClearChecks Desktop.
//!
//! A journal that cannot be written must not fail a command whose effect already happened (an
//! order that was placed would otherwise look failed and invite a second one), so a write
//! failure is a warning on stderr.

use clearchecks_core::journal::Journal;
pub use clearchecks_core::journal::{JournalAction, NewEntry};
use clearchecks_core::profiles::Identity;

pub fn record(identity: &Identity, action: JournalAction, entry: NewEntry) {
    let journal = Journal::in_dir(&identity.data_dir);
    if let Err(err) = journal.append(action, entry) {
        eprintln!("warning: {err}");
    }
}
