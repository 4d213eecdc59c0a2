//! Report routes: `/reports/all` (paginated, newest first), `/reports/{key}/status`,
//! `/report/{key}` (full report), `/report/{key}/widget-token` (single-use)
//! and `/report/{key}/pdf` (302 to a signed file URL). Keys are scoped to the
//! caller's account: another account's key is a 404.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde_json::{json, Map, Value};

use super::auth::Authed;
use super::errors::ApiError;
use super::pagination;
use crate::model::{AddOns, Order, ReportStatus};
use crate::shared::{lock, Shared, WidgetToken};
use crate::{php, quirks, report_body, tokens};

const NOT_FOUND: &str = "Report not found.";
/// How long a report-widget token stays usable.
const WIDGET_TOKEN_TTL_MINUTES: i64 = 10;
/// How long a signed PDF URL stays valid.
const FILE_URL_TTL_SECONDS: i64 = 300;

fn yn(flag: bool) -> &'static str {
    if flag {
        "Y"
    } else {
        "N"
    }
}

/// The add-on flags as the order request spells them.
pub(crate) fn add_on_fields(a: &AddOns, into: &mut Map<String, Value>) {
    let flags = [
        ("drug_test", a.drug_test),
        ("mvr", a.mvr),
        ("employment", a.employment),
        ("education", a.education),
        ("blj", a.blj),
        ("federal_criminal", a.federal_criminal),
        ("bankruptcy", a.bankruptcy),
        ("civil_judgment", a.civil_judgment),
        ("tax_lien", a.tax_lien),
        ("credit_report", a.credit_report),
    ];
    for (name, on) in flags {
        into.insert(name.to_owned(), json!(yn(on)));
    }
    into.insert("drug_sku".to_owned(), json!(a.drug_sku));
}

/// One item of `/reports/all`.
pub(crate) fn list_item(order: &Order, invite_url: String) -> Value {
    let mut item = Map::new();
    item.insert("report_key".into(), json!(order.report_key));
    item.insert("status".into(), json!(order.status.letter()));
    item.insert(
        "flagged_for_end_user_review".into(),
        json!(order.flagged_for_end_user_review),
    );
    item.insert("applicant_email".into(), json!(order.applicant_email));
    item.insert(
        "applicant_first_name".into(),
        json!(order.applicant.as_ref().map(|a| &a.first_name)),
    );
    item.insert(
        "applicant_last_name".into(),
        json!(order.applicant.as_ref().map(|a| &a.last_name)),
    );
    item.insert("report_sku".into(), json!(order.report_sku));
    item.insert("order_date".into(), php::date_object(order.order_date));
    item.insert(
        "completed_date".into(),
        php::optional_date_object(order.completed_date),
    );
    item.insert("applicant_invite_url".into(), json!(invite_url));
    add_on_fields(&order.add_ons, &mut item);
    Value::Object(item)
}

/// The ordered components and their status keys.
pub(crate) fn component_keys(a: &AddOns) -> Vec<&'static str> {
    let mut keys = vec!["background_report"];
    let optional = [
        (a.mvr, "mvd_status"),
        (a.education, "education_status"),
        (a.drug_test, "drug_status"),
        (a.blj, "blj_status"),
        (a.federal_criminal, "federal_criminal_status"),
        (a.employment, "employment_status"),
    ];
    keys.extend(optional.iter().filter(|(on, _)| *on).map(|(_, key)| *key));
    keys
}

/// The status body: `reports` is `[]` (a PHP empty array) until the applicant submits.
pub(crate) fn status_body(order: &Order) -> Value {
    let reports = if order.status == ReportStatus::A {
        json!([])
    } else {
        let map: Map<String, Value> = component_keys(&order.add_ons)
            .into_iter()
            .map(|k| (k.to_owned(), json!(order.status.letter())))
            .collect();
        Value::Object(map)
    };
    json!({
        "status": order.status.letter(),
        "flagged_for_end_user_review": order.flagged_for_end_user_review,
        "reports": reports,
    })
}

pub(crate) async fn index(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    Query(query): Query<HashMap<String, String>>,
) -> Json<Value> {
    let path = format!("{}/api/reports/all", shared.origin);
    let quirks = shared.quirks();
    let shaped = |index: usize, order: &Order| {
        let item = list_item(order, shared.invite_url(&order.report_key));
        quirks::shape_item(&quirks, index, order, item)
    };
    shared.read(|w| {
        let orders = w.orders_of(id);
        if quirks.is_empty() {
            // The contract's paginator, built from the one page asked for only.
            let page = pagination::requested_page(query.get("page"));
            let range = pagination::bounds(page, shared.per_page, orders.len());
            // Stored oldest first; the list is newest first.
            let data = orders
                .iter()
                .rev()
                .enumerate()
                .skip(range.start)
                .take(range.len())
                .map(|(i, o)| shaped(i, o))
                .collect();
            return Json(pagination::envelope(
                &path,
                page,
                shared.per_page,
                orders.len(),
                data,
            ));
        }
        let all = orders
            .iter()
            .rev()
            .enumerate()
            .map(|(i, o)| shaped(i, o))
            .collect();
        Json(quirks::list_response(
            &quirks,
            &query,
            &path,
            shared.per_page,
            all,
        ))
    })
}

pub(crate) async fn status(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    shared.read(|w| {
        let order = w.order_of(id, &key).ok_or(ApiError::NotFound(NOT_FOUND))?;
        Ok(Json(status_body(order)))
    })
}

pub(crate) async fn show(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    shared.read(|w| {
        let order = w.order_of(id, &key).ok_or(ApiError::NotFound(NOT_FOUND))?;
        Ok(Json(report_body::build(order)))
    })
}

pub(crate) async fn widget_token(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    shared
        .read(|w| w.order_of(id, &key).map(|_| ()))
        .ok_or(ApiError::NotFound(NOT_FOUND))?;
    let now = Utc::now();
    let expires_at = now + chrono::Duration::minutes(WIDGET_TOKEN_TTL_MINUTES);
    let token = tokens::widget_jwt(&key, expires_at.timestamp());
    let mut live = lock(&shared.widget_tokens);
    // Forget long-expired tokens so the table does not grow without bound.
    live.retain(|_, t| t.expires_at + chrono::Duration::hours(1) > now);
    live.insert(
        token.clone(),
        WidgetToken {
            account_id: id,
            report_key: key,
            expires_at,
            used: false,
        },
    );
    Ok(Json(json!({ "report_token": token })))
}

pub(crate) async fn pdf(
    State(shared): State<Arc<Shared>>,
    Authed(id): Authed,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let completed = shared
        .read(|w| w.order_of(id, &key).map(|o| o.status.is_completed()))
        .ok_or(ApiError::NotFound(NOT_FOUND))?;
    if !completed {
        return Err(ApiError::NotFound(
            "The report PDF is not available until the report is complete.",
        ));
    }
    let expires = Utc::now().timestamp() + FILE_URL_TTL_SECONDS;
    let sig = crate::web::files::signature(&shared, &key, expires);
    // The file host is the second listener: another origin, like an S3 bucket.
    let location = format!(
        "{}/_files/{key}.pdf?expires={expires}&sig={sig}",
        shared.files_origin
    );
    Ok((
        StatusCode::FOUND,
        [(header::LOCATION, location)],
        Json(json!({ "message": "Found." })),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_follow_the_ordered_add_ons() {
        let add_ons = AddOns {
            mvr: true,
            drug_test: true,
            drug_sku: Some("drug".into()),
            ..AddOns::default()
        };
        assert_eq!(
            component_keys(&add_ons),
            ["background_report", "mvd_status", "drug_status"]
        );
    }
}
