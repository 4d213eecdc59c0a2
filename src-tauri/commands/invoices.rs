//! Billing history (`GET /invoices`, `GET /invoices/{id}` — the assumed contract isolated in
//! `clearchecks_core::invoices`) and the way to the account's billing page. Card data never
//! passes through the app: billing changes happen on the console page in the user's browser.

use clearchecks_core::invoices::{InvoiceDetail, InvoiceSummary};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::commands::orders::wait_notifier;
use crate::completeness::ListCompleteness;
use crate::error::{AppError, AppResult};
use crate::rate_wait::{self, MAX_LIST_WAIT};
use crate::state::AppState;

/// The invoices of an account and whether that is provably all of them.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceList {
    pub invoices: Vec<InvoiceSummary>,
    pub completeness: ListCompleteness,
}

/// Every invoice of the account, as ClearChecks lists them. Amounts are decimal strings. A rate
/// limit part-way is waited out (the UI is told); an incomplete list says so.
#[tauri::command]
#[specta::specta]
pub async fn list_invoices(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
) -> AppResult<InvoiceList> {
    let session = state.session(&account_id).await?;
    let listing = rate_wait::read_all(
        session.client.invoice_pages(),
        session.client.rate_limiter(),
        MAX_LIST_WAIT,
        wait_notifier(&app, &account_id, "invoices"),
    )
    .await?;
    if !listing.is_complete() {
        log::warn!("the invoice list is incomplete: {}", listing.completeness);
    }
    let completeness = ListCompleteness::of(
        &listing.completeness,
        "invoices",
        listing.items.len(),
        listing.total,
    );
    Ok(InvoiceList {
        invoices: listing.items,
        completeness,
    })
}

/// One invoice with its lines; `subtotal` is the exact sum of the lines.
#[tauri::command]
#[specta::specta]
pub async fn invoice_detail(
    state: State<'_, AppState>,
    account_id: String,
    invoice_id: u32,
) -> AppResult<InvoiceDetail> {
    let session = state.session(&account_id).await?;
    session
        .client
        .invoice(invoice_id)
        .await
        .map_err(|err| match AppError::from(err) {
            AppError::NotFound { reason, .. } => AppError::NotFound {
                what: "This invoice".to_owned(),
                reason,
            },
            other => other,
        })
}

/// Opens the account's billing page on its ClearChecks console in the system browser.
#[tauri::command]
#[specta::specta]
pub async fn open_billing_page(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
) -> AppResult<()> {
    let session = state.session(&account_id).await?;
    let url = crate::windows::external::parse(&session.environment.billing_url())?;
    crate::windows::external::open(&app, &url)
}

#[cfg(test)]
mod tests {
    use clearchecks_core::invoices::decode_invoice;

    /// The IPC contract, from an invoice as ClearChecks sends it through the core's decoder: the
    /// subtotal is the core's decimal sum of the lines (0.10 + 0.20 + 39.99, not a float sum
    /// that would give 40.290000000000006), and every amount crosses as an exact decimal string.
    #[test]
    fn invoice_amounts_cross_the_boundary_as_exact_decimal_strings() {
        let body = br#"{"id": 7, "number": "INV-0007", "status": "due", "period": "2026-10",
            "created_at": "01/11/2026 09:00", "total": "43.51", "tax": "3.22",
            "lines": [{"report_key": "rk1", "description": "HIRE1", "amount": "0.10"},
                      {"report_key": "rk2", "description": "HIRE2", "amount": 0.2},
                      {"report_key": null, "description": "Adjustment", "amount": "39.99"}]}"#;
        let detail = decode_invoice(body)
            .unwrap()
            .expect("an invoice with an id");
        let json = serde_json::to_value(&detail).unwrap();
        assert_eq!(json["subtotal"], "40.29");
        assert_eq!(json["invoice"]["total"], "43.51");
        assert_eq!(json["invoice"]["tax"], "3.22");
        assert_eq!(json["lines"][0]["amount"], "0.10");
        assert_eq!(json["lines"][1]["amount"], "0.2");
        // An unreadable date crosses as sent, next to no readable one.
        assert_eq!(json["invoice"]["createdAt"], serde_json::Value::Null);
        assert_eq!(json["invoice"]["createdAtUnreadable"], "01/11/2026 09:00");
        assert_eq!(json["lines"][0]["reportKey"], "rk1");
        assert_eq!(json["lines"][2]["reportKey"], serde_json::Value::Null);
    }
}
