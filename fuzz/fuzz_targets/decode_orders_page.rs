//! `GET /reports/all`: any bytes through the page decoder the client uses, then through what the
//! app does with a decoded page (rows for the orders table, serialised for the UI).
#![no_main]

use clearchecks_core::reports::decode_reports_page;
use clearchecks_core::OrderRow;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = decode_reports_page(data) else {
        return;
    };
    let _ = page.has_more();
    for item in &page.items {
        let mut row = OrderRow::from_list_item(item);
        row.merge_list_item(item);
        assert!(row.same_status(&row.clone()));
        serde_json::to_vec(&row).expect("a row always serialises for the UI");
    }
});
