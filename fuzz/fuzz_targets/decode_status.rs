//! `GET /reports/{key}/status`: any bytes through the status decoder, then the derived state and
//! component list the UI shows, and the same status applied to an order row.
#![no_main]

use clearchecks_core::reports::decode_reports_page;
use clearchecks_core::{OrderRow, ReportStatus};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(status) = serde_json::from_slice::<ReportStatus>(data) else {
        return;
    };
    let state = status.state();
    let _ = (state.label(), state.group(), state.is_final());
    let components = status.components();
    assert_eq!(components.len(), status.reports.len());
    if let Some(first) = components.first() {
        // background_report, when present, is listed first.
        if status.reports.contains_key("background_report") {
            assert_eq!(first.key, "background_report");
        }
    }
    let page = decode_reports_page(br#"{"data":[{"report_key":"rk_fuzz"}]}"#).unwrap();
    let mut row = OrderRow::from_list_item(&page.items[0]);
    row.apply_status(&status, chrono::DateTime::UNIX_EPOCH);
    serde_json::to_vec(&row).expect("a row always serialises for the UI");
});
