//! The orders list and detail, placing orders safely, drafts, and the report PDF.

use chrono::{DateTime, Utc};
use clearchecks_core::emails::{self, EmailProblem};
use clearchecks_core::journal::{JournalAction, NewEntry};
use clearchecks_core::orders::{
    AddOns, Attestation, OrderRequest, OrderRow, PlaceOrderResult, Reconciliation,
};
use clearchecks_core::status::{ComponentStatus, OrderState};
use clearchecks_core::ClearChecksClient;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_store::StoreExt;

use crate::commands::files;
use crate::completeness::ListCompleteness;
use crate::error::{AppError, AppResult};
use crate::events::{OrdersListed, OrdersLoading, RateLimitWait, SyncStatus};
use crate::order_activity::OrderActivity;
use crate::rate_wait::{self, MAX_LIST_WAIT};
use crate::saved_orders::{SavedOrders, StorageNotice};
use crate::state::{AccountSession, AppState};
use crate::sync::{self, adverse_clock};

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrdersSnapshot {
    pub account_id: String,
    pub orders: Vec<OrderRow>,
    pub synced_at: Option<DateTime<Utc>>,
    /// Whether `orders` is provably every order of the account.
    pub completeness: ListCompleteness,
    /// `true` when `orders` are the saved orders, painted before any request while the list is
    /// read in the background (an `ordersListed` event brings the fresh list).
    pub from_saved: bool,
    /// When ClearChecks last confirmed the newest of the saved orders (with `from_saved`).
    pub saved_at: Option<DateTime<Utc>>,
    /// Set when orders are kept in memory only (no usable keyring): what to tell the user.
    pub storage: Option<StorageNotice>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderDetail {
    pub order: OrderRow,
    pub components: Vec<ComponentStatus>,
    pub pre_adverse_since: Option<String>,
    pub business_days_since_pre_adverse: Option<u32>,
    pub console_url: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    pub sku: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DrugPanel {
    pub sku: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderCatalog {
    pub packages: Vec<Package>,
    pub drug_panels: Vec<DrugPanel>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderDraft {
    pub sku: String,
    pub emails: Vec<String>,
    pub add_ons: AddOns,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OpenOrderMatch {
    pub email: String,
    pub report_key: String,
    pub state: OrderState,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EmailCheck {
    pub input: String,
    pub email: String,
    pub problem: Option<EmailProblem>,
    pub open_order: Option<OpenOrderMatch>,
    /// Set when no open order was found but the order list cannot prove there is none: what
    /// to tell the user, who confirms before ordering.
    pub open_order_unchecked: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderInput {
    pub account_id: String,
    pub sku: String,
    pub emails: Vec<String>,
    pub add_ons: AddOns,
    /// The attestation text the user checked; required, journaled as shown.
    pub attestation: String,
    pub allow_open_order_duplicates: bool,
}

const DRAFTS_STORE: &str = "drafts.json";
/// The largest batch the app checks or keeps as a draft (a paste of 20,000 addresses is handled).
const MAX_APPLICANTS_PER_ORDER: usize = 20_000;

// --- the list --------------------------------------------------------------------------------

/// Fetches the list now (as a user action) and makes `account_id` the synced account. A rate
/// limit part-way is waited out (the UI is told, see [`RateLimitWait`]); an incomplete list
/// keeps the orders the app already had and is marked as such. Each page is shown as it arrives
/// ([`OrdersLoading`]) and saved to the local store.
pub async fn fetch_and_sync<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    session: AccountSession,
) -> AppResult<OrdersSnapshot> {
    let account_id = session.profile.id.clone();
    let saved = state.saved();
    let previous = match state.sync().rows(&account_id).await {
        Some((rows, _)) => rows,
        None => saved
            .load(&account_id)
            .await
            .map(|list| list.rows)
            .unwrap_or_default(),
    };
    let events = app.clone();
    let (rows, listing) = list_and_save(
        &session.client,
        &saved,
        &account_id,
        previous,
        wait_notifier(app, &account_id, "orders"),
        move |page| {
            if let Err(err) = tauri_specta::Event::emit(&page, &events) {
                log::warn!("could not send a page of orders to the UI: {err}");
            }
        },
    )
    .await?;
    let completeness =
        ListCompleteness::of(&listing.completeness, "orders", rows.len(), listing.total);
    let synced_at = Utc::now();
    state
        .sync()
        .start(
            app,
            session.clone(),
            saved.clone(),
            rows.clone(),
            synced_at,
            completeness.clone(),
        )
        .await;
    Ok(OrdersSnapshot {
        storage: saved.notice(&account_id).await,
        account_id,
        orders: rows,
        synced_at: Some(synced_at),
        completeness,
        from_saved: false,
        saved_at: None,
    })
}

/// The list read behind [`fetch_and_sync`], without the app around it: reads every page,
/// hands each to `on_page` (its rows with what `previous` knew about each) and saves it to the
/// store as it arrives, then returns the rows to show ([`sync::merge_listed`]: an incomplete
/// list drops nothing, in the store neither) and the listing.
pub async fn list_and_save(
    client: &ClearChecksClient,
    saved: &SavedOrders,
    account_id: &str,
    previous: Vec<OrderRow>,
    on_wait: impl FnMut(Option<std::time::Duration>) + Send,
    mut on_page: impl FnMut(OrdersLoading) + Send,
) -> AppResult<(
    Vec<OrderRow>,
    clearchecks_core::Listing<clearchecks_core::ReportListItem>,
)> {
    let known: HashMap<&str, &OrderRow> = previous
        .iter()
        .map(|row| (row.report_key.as_str(), row))
        .collect();
    let (pages_tx, mut pages_rx) =
        tokio::sync::mpsc::unbounded_channel::<Vec<clearchecks_core::ReportListItem>>();
    let writer = async {
        while let Some(page) = pages_rx.recv().await {
            saved.write_listed(account_id, &page).await;
        }
    };
    let reader = async {
        let mut loaded: u32 = 0;
        let listing = rate_wait::read_all_pages(
            client.report_pages(),
            client.rate_limiter(),
            MAX_LIST_WAIT,
            on_wait,
            |items, total| {
                loaded = loaded.saturating_add(u32::try_from(items.len()).unwrap_or(u32::MAX));
                let rows = items
                    .iter()
                    .map(|item| match known.get(item.report_key.as_str()) {
                        Some(row) => {
                            let mut row = (*row).clone();
                            row.merge_list_item(item);
                            row
                        }
                        None => OrderRow::from_list_item(item),
                    })
                    .collect();
                on_page(OrdersLoading {
                    account_id: account_id.to_owned(),
                    rows,
                    loaded,
                    total: total.map(|t| u32::try_from(t).unwrap_or(u32::MAX)),
                });
                let _ = pages_tx.send(items.to_vec());
            },
        )
        .await;
        drop(pages_tx);
        listing
    };
    let (listing, ()) = tokio::join!(reader, writer);
    let listing = listing?;
    if !listing.is_complete() {
        log::warn!("the order list is incomplete: {}", listing.completeness);
    }
    saved.finish_listing(account_id, &listing).await;
    drop(known);
    let rows = sync::merge_listed(previous, &listing.items, listing.is_complete());
    Ok((rows, listing))
}

/// Instant start: reads the list in the background while the saved orders are shown, then
/// sends the fresh list ([`OrdersListed`]); a failure keeps the saved orders on screen and is
/// shown in the header ([`SyncStatus`] with the error).
fn refresh_in_background<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    session: AccountSession,
) {
    let account_id = session.profile.id.clone();
    if !state.sync().begin_load(&account_id) {
        return;
    }
    let (app, state) = (app.clone(), state.clone());
    tauri::async_runtime::spawn(async move {
        let status = |error: Option<AppError>, syncing: bool| SyncStatus {
            account_id: account_id.clone(),
            syncing,
            synced_at: None,
            error,
            completeness: None,
        };
        let _ = tauri_specta::Event::emit(&status(None, true), &app);
        let result = fetch_and_sync(&app, &state, session).await;
        state.sync().end_load(&account_id);
        let emitted = match result {
            Ok(snapshot) => tauri_specta::Event::emit(&OrdersListed { snapshot }, &app),
            Err(err) => {
                log::warn!("the order list could not be read; showing the saved orders: {err}");
                tauri_specta::Event::emit(&status(Some(err), false), &app)
            }
        };
        if let Err(err) = emitted {
            log::warn!("could not send the order list to the UI: {err}");
        }
    });
}

/// Tells the UI when reading `list` waits for ClearChecks' rate limit, and when it resumes.
pub fn wait_notifier<R: Runtime>(
    app: &AppHandle<R>,
    account_id: &str,
    list: &str,
) -> impl FnMut(Option<std::time::Duration>) + Send {
    let app = app.clone();
    let account_id = account_id.to_owned();
    let list = list.to_owned();
    move |wait| {
        let resume_at =
            wait.and_then(|w| chrono::Duration::from_std(w).ok().map(|w| Utc::now() + w));
        let event = RateLimitWait {
            account_id: account_id.clone(),
            list: list.clone(),
            resume_at,
        };
        if let Err(err) = tauri_specta::Event::emit(&event, &app) {
            log::warn!("could not tell the UI about a rate-limit wait: {err}");
        }
    }
}

/// Starts syncing the account the user just switched to (errors reach the UI via its first list).
pub async fn activate<R: Runtime>(app: &AppHandle<R>, state: &AppState, account_id: &str) {
    if state.sync().is_syncing(account_id).await {
        return;
    }
    if let Ok(session) = state.session(account_id).await {
        // One list read per account at a time: the orders screen waits for this one.
        if !state.sync().begin_load(account_id) {
            return;
        }
        let app = app.clone();
        let state = state.clone();
        let account_id = account_id.to_owned();
        tauri::async_runtime::spawn(async move {
            let result = fetch_and_sync(&app, &state, session).await;
            state.sync().end_load(&account_id);
            match result {
                Ok(snapshot) => {
                    let _ = tauri_specta::Event::emit(&OrdersListed { snapshot }, &app);
                }
                Err(err) => log::warn!("first sync of an account failed: {err}"),
            }
        });
    }
}

/// The synced rows of `account_id` as a snapshot, once the account syncs.
async fn synced_snapshot(state: &AppState, account_id: &str) -> Option<OrdersSnapshot> {
    let (orders, synced_at) = state.sync().rows(account_id).await?;
    synced_at?;
    let completeness = state
        .sync()
        .completeness(account_id)
        .await
        .unwrap_or_else(ListCompleteness::complete);
    Some(OrdersSnapshot {
        storage: state.saved().notice(account_id).await,
        account_id: account_id.to_owned(),
        orders,
        synced_at,
        completeness,
        from_saved: false,
        saved_at: None,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_orders(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    refresh: bool,
) -> AppResult<OrdersSnapshot> {
    if !refresh {
        if let Some(snapshot) = synced_snapshot(&state, &account_id).await {
            return Ok(snapshot);
        }
        // Instant start: the saved orders first, before any request; the list follows.
        let saved = state.saved();
        if let Some(list) = saved.load(&account_id).await {
            let session = state.session(&account_id).await?;
            refresh_in_background(&app, &state, session);
            return Ok(OrdersSnapshot {
                storage: saved.notice(&account_id).await,
                account_id,
                orders: list.rows,
                synced_at: None,
                completeness: ListCompleteness::complete(),
                from_saved: true,
                saved_at: list.saved_at,
            });
        }
        // A cold store: a list read already under way (the account was just activated) is
        // waited for rather than repeated; its pages reach the screen as they arrive.
        if state.sync().is_loading(&account_id) {
            while state.sync().is_loading(&account_id) {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            if let Some(snapshot) = synced_snapshot(&state, &account_id).await {
                return Ok(snapshot);
            }
        }
    }
    let session = state.session(&account_id).await?;
    fetch_and_sync(&app, &state, session).await
}

#[tauri::command]
#[specta::specta]
pub async fn order_detail(
    state: State<'_, AppState>,
    account_id: String,
    report_key: String,
) -> AppResult<OrderDetail> {
    let session = state.session(&account_id).await?;
    let status = session.client.report_status(&report_key).await?;
    let now = Utc::now();
    let saved = state.saved();
    saved
        .record_status(&account_id, &report_key, &status, now)
        .await;
    let cached = match state.sync().rows(&account_id).await {
        Some((rows, _)) => rows.into_iter().find(|r| r.report_key == report_key),
        None => saved
            .load(&account_id)
            .await
            .and_then(|list| list.rows.into_iter().find(|r| r.report_key == report_key)),
    };
    let mut order = cached.unwrap_or_else(|| unlisted_row(&report_key));
    order.apply_status(&status, now);
    let today = now.with_timezone(&chrono::Local).date_naive();
    // Opening an order in `V` starts its clock too (the sync may not have seen it yet).
    let (pre_adverse_since, business_days) = adverse_clock::update(state.data_dir(), |clock| {
        let changed = clock.observe(&report_key, order.state, now);
        (
            (
                clock.since(&report_key),
                clock.business_days(&report_key, today),
            ),
            changed,
        )
    });
    Ok(OrderDetail {
        components: status.components(),
        business_days_since_pre_adverse: business_days,
        pre_adverse_since: pre_adverse_since.map(|t| t.to_rfc3339()),
        console_url: session.environment.console_base().to_string(),
        order,
    })
}

/// A row for an order the synced list does not have yet (e.g. placed seconds ago).
fn unlisted_row(report_key: &str) -> OrderRow {
    OrderRow {
        report_key: report_key.to_owned(),
        email: None,
        applicant_name: None,
        sku: None,
        state: OrderState::Unknown,
        letter: String::new(),
        flagged: false,
        ordered_at: None,
        ordered_at_unreadable: None,
        completed_at: None,
        completed_at_unreadable: None,
        last_checked_at: None,
        invite_url: None,
    }
}

// --- ordering --------------------------------------------------------------------------------

/// The packages and drug panels on offer. ClearChecks has no catalogue endpoint (contract U3):
/// the SKUs known to work are listed here, in one place.
#[tauri::command]
#[specta::specta]
pub async fn order_catalog(
    state: State<'_, AppState>,
    account_id: String,
) -> AppResult<OrderCatalog> {
    state.session(&account_id).await?;
    let package = |sku: &str, name: &str, description: &str| Package {
        sku: sku.into(),
        name: name.into(),
        description: description.into(),
    };
    let panel = |sku: &str, name: &str| DrugPanel {
        sku: sku.into(),
        name: name.into(),
    };
    Ok(OrderCatalog {
        packages: vec![
            package(
                "HIRE1",
                "Basic",
                "SSN trace, national criminal database, sex offender registry",
            ),
            package(
                "HIRE2",
                "Standard",
                "Basic plus county criminal searches for the last 7 years of addresses",
            ),
            package(
                "HIRE3",
                "Premium",
                "Standard plus federal criminal and statewide searches",
            ),
        ],
        drug_panels: vec![
            panel("drug", "5-panel drug test"),
            panel("drug9", "9-panel drug test"),
            panel("drug10", "10-panel drug test"),
        ],
    })
}

#[tauri::command]
#[specta::specta]
pub async fn split_emails(text: String) -> AppResult<Vec<String>> {
    if text.len() > 4 * 1024 * 1024 {
        return Err(AppError::invalid_input(
            "emails",
            "That paste is larger than 4 MB. Import the addresses in smaller batches.",
        ));
    }
    Ok(emails::parse_emails(&text)
        .into_iter()
        .map(|e| if e.email.is_empty() { e.input } else { e.email })
        .collect())
}

#[tauri::command]
#[specta::specta]
pub async fn check_emails(
    state: State<'_, AppState>,
    account_id: String,
    emails: Vec<String>,
) -> AppResult<Vec<EmailCheck>> {
    if emails.len() > MAX_APPLICANTS_PER_ORDER {
        return Err(AppError::invalid_input(
            "emails",
            format!("One order can hold at most {MAX_APPLICANTS_PER_ORDER} applicants. Split the list into several orders."),
        ));
    }
    let open = open_orders_by_email(&state, &account_id).await;
    let unchecked = |email: &str| {
        open.unchecked
            .as_ref()
            .map(|_| open_order_unchecked_text(email))
    };
    let mut first_seen: HashMap<String, u32> = HashMap::new();
    Ok(emails
        .into_iter()
        .enumerate()
        .map(|(index, input)| {
            let (email, mut problem) = match emails::validate_email(&input) {
                Ok(email) => (email, None),
                Err(problem) => (input.trim().to_owned(), Some(problem)),
            };
            let key = email.to_lowercase();
            if problem.is_none() {
                if let Some(&first_index) = first_seen.get(&key) {
                    problem = Some(EmailProblem::DuplicateInBatch { first_index });
                } else {
                    first_seen.insert(key.clone(), u32::try_from(index).unwrap_or(u32::MAX));
                }
            }
            let open_order = problem
                .is_none()
                .then(|| open.by_email.get(&key).cloned())
                .flatten();
            let open_order_unchecked = if problem.is_none() && open_order.is_none() {
                unchecked(&email)
            } else {
                None
            };
            EmailCheck {
                input,
                email,
                problem,
                open_order,
                open_order_unchecked,
            }
        })
        .collect())
}

/// Open orders by email, and whether "no open order" can be said at all.
struct OpenOrders {
    /// Orders still in progress for each email (lower-cased), from the synced list.
    by_email: HashMap<String, OpenOrderMatch>,
    /// Why the synced list cannot prove an email has no open order (it is incomplete).
    unchecked: Option<String>,
}

/// What the user is told when the list cannot prove `email` has no open order.
fn open_order_unchecked_text(email: &str) -> String {
    format!(
        "We could not check whether {email} already has an open order: the order list may be \
         incomplete. Confirm to order anyway."
    )
}

async fn open_orders_by_email(state: &AppState, account_id: &str) -> OpenOrders {
    let rows = state
        .sync()
        .rows(account_id)
        .await
        .map(|(rows, _)| rows)
        .unwrap_or_default();
    let unchecked = state
        .sync()
        .completeness(account_id)
        .await
        .and_then(|c| c.notice);
    OpenOrders {
        by_email: open_by_email(rows),
        unchecked,
    }
}

fn open_by_email(rows: Vec<OrderRow>) -> HashMap<String, OpenOrderMatch> {
    rows.into_iter()
        .filter(|r| !r.state.is_final())
        .filter_map(|r| {
            let email = r.email.clone()?;
            Some((
                email.to_lowercase(),
                OpenOrderMatch {
                    email,
                    report_key: r.report_key,
                    state: r.state,
                },
            ))
        })
        .collect()
}

fn request_of(input: &NewOrderInput) -> AppResult<OrderRequest> {
    Ok(OrderRequest::new(
        &input.sku,
        &input.emails,
        input.add_ons.clone(),
    )?)
}

fn add_on_names(add_ons: &AddOns) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(panel) = &add_ons.drug_sku {
        names.push(format!("drug test ({panel})"));
    }
    for (on, name) in [
        (add_ons.mvr, "motor vehicle record"),
        (add_ons.employment, "employment verification"),
        (add_ons.education, "education verification"),
        (add_ons.blj, "bankruptcies, liens and judgments"),
        (add_ons.federal_criminal, "federal criminal"),
    ] {
        if on {
            names.push(name.to_owned());
        }
    }
    names
}

/// Sends the order once. Never retried: a failure after sending becomes `outcomeUncertain`, and
/// the same order is refused until `reconcile_order` has looked for it.
#[tauri::command]
#[specta::specta]
pub async fn place_order(
    app: AppHandle,
    state: State<'_, AppState>,
    orders: State<'_, OrderActivity>,
    input: NewOrderInput,
) -> AppResult<PlaceOrderResult> {
    // An update may not restart the app until this order's outcome is known.
    let _in_progress = orders.begin();
    let session = state.session(&input.account_id).await?;
    let request = request_of(&input)?;
    if !input.allow_open_order_duplicates {
        let open = open_orders_by_email(&state, &input.account_id).await;
        if let Some(existing) = input
            .emails
            .iter()
            .find_map(|e| open.by_email.get(&e.trim().to_lowercase()))
        {
            return Err(AppError::invalid_input(
                "emails",
                format!("{} already has an order in progress ({}). Confirm the duplicate to order again.", existing.email, existing.report_key),
            ));
        }
        if let (Some(reason), Some(first)) = (&open.unchecked, input.emails.first()) {
            log::info!("open orders not provable: {reason}");
            return Err(AppError::invalid_input(
                "emails",
                open_order_unchecked_text(first.trim()),
            ));
        }
    }
    let attestation = Attestation::accepted(input.attestation.clone())?;
    let entry = |summary: String| {
        let mut entry = session.journal_entry(summary);
        entry.sku = Some(input.sku.clone());
        entry.add_ons = add_on_names(&input.add_ons);
        entry.emails = request.emails.clone();
        entry.attestation = Some(input.attestation.clone());
        entry
    };
    match session.client.place_order(&request, &attestation).await {
        Ok(placed) => {
            let mut record = entry(format!(
                "{} for {} applicant(s)",
                input.sku,
                placed.applicants.len()
            ));
            record.report_keys = placed
                .applicants
                .iter()
                .map(|a| a.report_key.clone())
                .collect();
            state.record(JournalAction::OrderPlaced, record);
            discard_draft(&app, &input.account_id)?;
            state.sync().refresh_now(&input.account_id).await;
            Ok(placed)
        }
        Err(err) => {
            let err = AppError::from(err);
            if matches!(err, AppError::OutcomeUncertain { .. }) {
                orders.mark_unresolved(order_identity(&input));
                state.record(
                    JournalAction::OrderUncertain,
                    entry(
                        "Sent, but ClearChecks gave no clear answer; checking the order list"
                            .to_owned(),
                    ),
                );
            }
            Err(err)
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
pub enum ReconcileResult {
    Placed(PlaceOrderResult),
    /// The order list proves nothing was placed: the order may be sent again.
    NotPlaced,
    /// The order list cannot show either way: the order stays blocked (the draft is kept) and
    /// the user checks again later, never sends it again blind.
    Undetermined(UndeterminedOutcome),
}

/// What the user is told when reconciliation cannot conclude.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UndeterminedOutcome {
    /// "We could not confirm whether this order was placed. …", with the reason.
    pub message: String,
    /// Why the list does not prove it (the core's words, for a coordinator).
    pub reason: String,
}

impl UndeterminedOutcome {
    fn of(undetermined: &clearchecks_core::Undetermined) -> Self {
        Self {
            message: format!(
                "We could not confirm whether this order was placed. Check the orders list \
                 before sending again: {undetermined}."
            ),
            reason: undetermined.reason.clone(),
        }
    }
}

/// After an uncertain outcome: looks for the order in the list (never sends it). A definite
/// answer releases the guard; an undetermined one keeps the order blocked and can be asked again.
#[tauri::command]
#[specta::specta]
pub async fn reconcile_order(
    app: AppHandle,
    state: State<'_, AppState>,
    orders: State<'_, OrderActivity>,
    input: NewOrderInput,
) -> AppResult<ReconcileResult> {
    let _in_progress = orders.begin();
    let session = state.session(&input.account_id).await?;
    let (result, entry) = reconcile(
        &session.client,
        &input,
        session.journal_entry(String::new()),
    )
    .await?;
    state.record(JournalAction::OrderUncertain, entry);
    if !matches!(result, ReconcileResult::Undetermined(_)) {
        orders.resolve(&order_identity(&input));
    }
    if let ReconcileResult::Placed(_) = &result {
        discard_draft(&app, &input.account_id)?;
        state.sync().refresh_now(&input.account_id).await;
    }
    Ok(result)
}

/// One order as the update guard knows it while its outcome is unknown: the account, the package,
/// the add-ons and the applicants (sorted, case-folded), as the same order is sent again.
fn order_identity(input: &NewOrderInput) -> String {
    let mut emails: Vec<String> = input
        .emails
        .iter()
        .map(|e| e.trim().to_lowercase())
        .collect();
    emails.sort();
    format!(
        "{}|{}|{:?}|{}",
        input.account_id,
        input.sku,
        input.add_ons,
        emails.join(",")
    )
}

/// What [`reconcile_order`] concludes and the journal entry it writes (`OrderUncertain`), without
/// the app around it: looks in the order list only, never sends the order.
async fn reconcile(
    client: &ClearChecksClient,
    input: &NewOrderInput,
    mut entry: NewEntry,
) -> AppResult<(ReconcileResult, NewEntry)> {
    let request = request_of(input)?;
    let outcome = client.reconcile_order(&request).await?;
    entry.sku = Some(input.sku.clone());
    entry.emails = request.emails.clone();
    let result = match outcome {
        Reconciliation::Placed(placed) => {
            entry.summary = "The order had been placed (found in the order list)".to_owned();
            entry.report_keys = placed
                .applicants
                .iter()
                .map(|a| a.report_key.clone())
                .collect();
            entry.attestation = Some(input.attestation.clone());
            ReconcileResult::Placed(placed)
        }
        Reconciliation::NotPlaced => {
            entry.summary = "The order had not been placed; it may be sent again".to_owned();
            ReconcileResult::NotPlaced
        }
        // The list cannot prove it either way: still uncertain (the draft is kept, the order
        // stays blocked in the core's guard).
        Reconciliation::Undetermined(undetermined) => {
            entry.summary = format!("Outcome still unknown: {}", undetermined.reason);
            ReconcileResult::Undetermined(UndeterminedOutcome::of(&undetermined))
        }
    };
    Ok((result, entry))
}

// --- drafts ----------------------------------------------------------------------------------

#[tauri::command]
#[specta::specta]
pub async fn get_order_draft(app: AppHandle, account_id: String) -> AppResult<Option<OrderDraft>> {
    let store = app.store(DRAFTS_STORE).map_err(AppError::internal)?;
    Ok(store
        .get(&account_id)
        .and_then(|v| serde_json::from_value(v).ok()))
}

#[tauri::command]
#[specta::specta]
pub async fn save_order_draft(
    app: AppHandle,
    account_id: String,
    draft: OrderDraft,
) -> AppResult<()> {
    if draft.emails.len() > MAX_APPLICANTS_PER_ORDER {
        return Err(AppError::invalid_input(
            "emails",
            format!("A draft can hold at most {MAX_APPLICANTS_PER_ORDER} applicants."),
        ));
    }
    let store = app.store(DRAFTS_STORE).map_err(AppError::internal)?;
    store.set(
        account_id,
        serde_json::to_value(&draft).map_err(AppError::internal)?,
    );
    store.save().map_err(AppError::internal)
}

#[tauri::command]
#[specta::specta]
pub async fn discard_order_draft(app: AppHandle, account_id: String) -> AppResult<()> {
    discard_draft(&app, &account_id)
}

fn discard_draft<R: Runtime>(app: &AppHandle<R>, account_id: &str) -> AppResult<()> {
    let store = app.store(DRAFTS_STORE).map_err(AppError::internal)?;
    store.delete(account_id);
    store.save().map_err(AppError::internal)
}

// --- files -----------------------------------------------------------------------------------

#[tauri::command]
#[specta::specta]
pub async fn save_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    report_key: String,
) -> AppResult<Option<String>> {
    let session = state.session(&account_id).await?;
    let suggested = format!("clearchecks-report-{}.pdf", sanitize_file_stem(&report_key));
    let Some(path) = files::choose_save_path(&app, &suggested, "PDF document", "pdf").await? else {
        return Ok(None);
    };
    session
        .client
        .download_report_pdf(&report_key, &path)
        .await?;
    let mut entry = session.journal_entry("Saved the report PDF");
    entry.report_keys = vec![report_key];
    entry.path = Some(path.display().to_string());
    state.record(JournalAction::PdfSaved, entry);
    Ok(Some(path.display().to_string()))
}

fn sanitize_file_stem(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_ons_are_journaled_in_words() {
        let add_ons = AddOns {
            drug_sku: Some("drug9".into()),
            mvr: true,
            federal_criminal: true,
            ..AddOns::default()
        };
        assert_eq!(
            add_on_names(&add_ons),
            vec![
                "drug test (drug9)",
                "motor vehicle record",
                "federal criminal"
            ]
        );
        assert!(add_on_names(&AddOns::default()).is_empty());
    }

    #[test]
    fn an_undetermined_outcome_says_check_the_list_before_sending_again() {
        let outcome = UndeterminedOutcome::of(&clearchecks_core::Undetermined {
            reason: "ClearChecks kept sending the same page".into(),
            orders_checked: 25,
            pages_read: 2,
        });
        assert!(outcome.message.starts_with(
            "We could not confirm whether this order was placed. Check the orders list before \
             sending again: "
        ));
        assert!(outcome.message.contains("kept sending the same page"));
        assert!(outcome.message.contains("25 orders on 2 pages"));
        let json = serde_json::to_value(ReconcileResult::Undetermined(outcome)).unwrap();
        assert_eq!(json["kind"], "undetermined");
        assert_eq!(
            json["data"]["reason"],
            "ClearChecks kept sending the same page"
        );
    }

    /// Through the function the `reconcile_order` command runs, over real HTTP against the
    /// simulator: an order lost before ClearChecks saw it, while the server ignores `?page` (the
    /// list repeats page 1, so it cannot be proved complete), ends undetermined — the user is told
    /// to check the list, the journal says the outcome is still unknown, nothing is sent again —
    /// and once the list is complete again the same check concludes "not placed".
    #[tokio::test]
    async fn reconciling_over_an_incomplete_list_ends_undetermined_and_never_sends() {
        use clearchecks_core::{ApiError, ApiToken, Attestation, Environment};
        use clearchecks_sandbox::{Fault, Quirk, Sandbox, SandboxConfig};
        use std::time::Duration;

        const TOKEN: &str = "reconcile-app-test-token-8c1e";
        let sandbox = Sandbox::start(
            SandboxConfig::empty()
                .account(TOKEN, "Unsure Staffing", 25)
                .per_page(5)
                .rate_limit(10_000, Duration::from_secs(60)),
        )
        .await
        .expect("the simulator starts");
        let env = Environment::custom(&sandbox.api_base()).expect("loopback is allowed");
        let client = ClearChecksClient::builder(env, ApiToken::new(TOKEN).unwrap(), "0.0.0-test")
            .timeout(Duration::from_secs(10))
            .build()
            .expect("the client builds");
        let input = NewOrderInput {
            account_id: "acct-1".into(),
            sku: "HIRE1".into(),
            emails: vec!["lost@example.com".into()],
            add_ons: AddOns::default(),
            attestation: "I certify a permissible purpose under the FCRA.".into(),
            allow_open_order_duplicates: false,
        };
        let request = request_of(&input).unwrap();
        let attestation = Attestation::accepted(&input.attestation).unwrap();
        // Orders placed just now fill the first pages, so the list must be read past page 1.
        for i in 0..10 {
            let other = OrderRequest::new(
                "HIRE1",
                &[format!("recent{i}@example.com")],
                AddOns::default(),
            )
            .unwrap();
            client.place_order(&other, &attestation).await.unwrap();
        }
        sandbox.control().set_fault_times(
            "orders.new",
            Fault::DropConnection {
                after_processing: false,
            },
            1,
        );
        let error = client
            .place_order(&request, &attestation)
            .await
            .unwrap_err();
        assert!(
            matches!(error, ApiError::OutcomeUncertain { .. }),
            "{error:?}"
        );
        let posts = sandbox.control().count("POST", "orders.new");

        sandbox.control().set_quirks([Quirk::IgnoresPage]);
        let (result, entry) = reconcile(&client, &input, NewEntry::default())
            .await
            .unwrap();
        let ReconcileResult::Undetermined(outcome) = result else {
            panic!("expected undetermined, got {result:?}");
        };
        assert!(
            outcome
                .message
                .starts_with("We could not confirm whether this order was placed. Check the orders list before sending again: "),
            "{}",
            outcome.message
        );
        assert!(!outcome.reason.is_empty());
        assert!(
            outcome.message.contains(&outcome.reason),
            "{}",
            outcome.message
        );
        assert_eq!(
            entry.summary,
            format!("Outcome still unknown: {}", outcome.reason)
        );
        assert_eq!(entry.emails, ["lost@example.com"]);
        assert_eq!(entry.sku.as_deref(), Some("HIRE1"));
        assert!(
            client.submission_guard().is_blocked(&request),
            "still blocked"
        );
        assert_eq!(
            sandbox.control().count("POST", "orders.new"),
            posts,
            "reconciling never sends the order"
        );

        // "Check again" once the list can be read to the end: a proved answer.
        sandbox.control().set_quirks([]);
        let (result, entry) = reconcile(&client, &input, NewEntry::default())
            .await
            .unwrap();
        assert!(matches!(result, ReconcileResult::NotPlaced), "{result:?}");
        assert_eq!(
            entry.summary,
            "The order had not been placed; it may be sent again"
        );
        assert!(!client.submission_guard().is_blocked(&request));
        assert_eq!(sandbox.control().count("POST", "orders.new"), posts);
        sandbox.shutdown().await;
    }

    #[test]
    fn the_open_order_question_is_asked_when_the_list_cannot_answer_it() {
        let text = open_order_unchecked_text("ada@example.com");
        assert!(text.contains("could not check whether ada@example.com already has an open order"));
        assert!(text.ends_with("Confirm to order anyway."));
    }

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(sanitize_file_stem("ab_C-9/../x y"), "ab_C-9xy");
    }
}
