//! `GET /invoices` and `GET /invoices/{id}`: any bytes through both decoders. Amounts are exact
//! decimals, so a decoded invoice's subtotal must be exactly the sum of its lines.
#![no_main]

use clearchecks_core::invoices::{decode_invoice, decode_invoices_page};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = decode_invoices_page(data) {
        for invoice in &page.items {
            serde_json::to_vec(invoice).expect("an invoice always serialises for the UI");
        }
    }
    if let Ok(Some(detail)) = decode_invoice(data) {
        if !detail.lines.is_empty() {
            let mut sum = rust_decimal::Decimal::ZERO;
            for line in &detail.lines {
                sum = sum
                    .checked_add(line.amount)
                    .expect("a decoded subtotal did not overflow");
            }
            assert_eq!(sum, detail.subtotal);
        }
        serde_json::to_vec(&detail).expect("an invoice always serialises for the UI");
    }
});
