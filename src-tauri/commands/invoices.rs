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
    use clearchecks_core::invoices::{InvoiceDetail, InvoiceLine, InvoiceSummary};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn money(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    /// The IPC contract: amounts cross as exact decimal strings, and the subtotal is the sum of
    /// the lines in decimal arithmetic (0.1 + 0.2 is 0.3 here, unlike in floating point).
    #[test]
    fn invoice_amounts_cross_the_boundary_as_exact_decimal_strings() {
        let lines = vec![
            InvoiceLine {
                report_key: Some("rk1".into()),
                description: "HIRE1".into(),
                amount: money("0.10"),
            },
            InvoiceLine {
                report_key: Some("rk2".into()),
                description: "HIRE2".into(),
                amount: money("0.20"),
            },
            InvoiceLine {
                report_key: None,
                description: "Adjustment".into(),
                amount: money("39.99"),
            },
        ];
        let subtotal: Decimal = lines.iter().map(|l| l.amount).sum();
        assert_eq!(subtotal, money("40.29"));
        let detail = InvoiceDetail {
            invoice: InvoiceSummary {
                id: 7,
                number: "INV-0007".into(),
                status: "due".into(),
                period: Some("2026-10".into()),
                created_at: None,
                created_at_unreadable: Some("01/11/2026 09:00".into()),
                total: money("43.51"),
                tax: money("3.22"),
            },
            lines,
            subtotal,
        };
        let json = serde_json::to_value(&detail).unwrap();
        assert_eq!(json["subtotal"], "40.29");
        assert_eq!(json["invoice"]["total"], "43.51");
        assert_eq!(json["invoice"]["tax"], "3.22");
        assert_eq!(json["lines"][0]["amount"], "0.10");
        // An unreadable date crosses as sent, next to no readable one.
        assert_eq!(json["invoice"]["createdAt"], serde_json::Value::Null);
        assert_eq!(json["invoice"]["createdAtUnreadable"], "01/11/2026 09:00");
        assert_eq!(json["lines"][0]["reportKey"], "rk1");
        assert_eq!(json["lines"][2]["reportKey"], serde_json::Value::Null);
        assert_eq!(money("0.1") + money("0.2"), money("0.3"));
    }
}
