//! `GET /report/{key}`: any bytes parsed the way the client does (a JSON object kept whole) and
//! then typed section by section.
#![no_main]

use clearchecks_core::Report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if !raw.is_object() {
        return; // the client refuses anything but an object before typing it
    }
    let report = Report::from_value(raw.clone());
    assert_eq!(report.raw, raw, "the whole body is kept");
    if let Some(records) = &report.criminal_records {
        for record in &records.records {
            let _ = record.offenses.len();
        }
    }
});
