//! The account behind a token: `GET /accounts` (owner and company) and `GET /accounts/teams`.
//! `GET /accounts` is also how a newly entered token is validated.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::http::ClearChecksClient;

/// `GET /accounts`. Every field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub company_name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub state: Option<String>,
    /// A string: ZIP codes keep their leading zero.
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    pub zip: Option<String>,
}

/// One team (IPC `Team`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: u32,
    pub name: String,
    pub slug: Option<String>,
    pub current_billing_plan: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct TeamWire {
    #[serde(default, deserialize_with = "crate::lenient::opt_u64")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    name: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    slug: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    current_billing_plan: Option<String>,
    #[serde(default, deserialize_with = "crate::dates::lenient")]
    created_at: Option<DateTime<Utc>>,
}

impl TeamWire {
    fn into_team(self) -> Option<Team> {
        Some(Team {
            id: u32::try_from(self.id?).ok()?,
            name: self.name.unwrap_or_default(),
            slug: self.slug,
            current_billing_plan: self.current_billing_plan,
            created_at: self.created_at,
        })
    }
}

/// The account and its teams (IPC `AccountDetails`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AccountDetails {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip: Option<String>,
    pub teams: Vec<Team>,
}

impl crate::pagination::ListEntry for Team {
    fn entry_key(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.id.to_string())
    }

    fn from_object<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        crate::pagination::buffered_entry(map, TeamWire::into_team)
    }
}

/// Decodes a `/accounts/teams` body: a bare array (or a paginator); teams without an id are
/// dropped.
fn decode_teams(body: &[u8]) -> Result<Vec<Team>, serde_json::Error> {
    let page = crate::pagination::decode_page::<Team>(body, &crate::pagination::PageRef::first())?;
    Ok(page.items)
}

impl ClearChecksClient {
    /// `GET /accounts`.
    pub async fn account(&self) -> Result<Account, ApiError> {
        self.get_json("GET /accounts", &["accounts"], &[]).await
    }

    /// `GET /accounts/teams`.
    pub async fn teams(&self) -> Result<Vec<Team>, ApiError> {
        let endpoint = "GET /accounts/teams";
        let raw = self
            .get_bytes(endpoint, &["accounts", "teams"], &[])
            .await?;
        decode_teams(&raw.body).map_err(|e| self.decode_error(endpoint, &e))
    }

    /// Both of the above, for the account screen.
    pub async fn account_details(&self) -> Result<AccountDetails, ApiError> {
        let account = self.account().await?;
        let teams = self.teams().await?;
        Ok(AccountDetails {
            first_name: account.first_name,
            last_name: account.last_name,
            company_name: account.company_name,
            city: account.city,
            state: account.state,
            zip: account.zip,
            teams,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_keeps_zip_as_text_and_ignores_extras() {
        let a: Account = serde_json::from_str(
            r#"{"first_name":"Ada","last_name":null,"company_name":"Analytical Engines LLC","zip":"08012","plan":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(a.zip.as_deref(), Some("08012"));
        assert_eq!(a.last_name, None);
        let numeric: Account = serde_json::from_str(r#"{"zip": 80202}"#).unwrap();
        assert_eq!(numeric.zip.as_deref(), Some("80202"));
    }

    #[test]
    fn teams_from_spark_rows() {
        let body = r#"[{"id": 7, "owner_id": 1, "name": "Ops — Zürich", "slug": null, "photo_url": "https://g/x",
                        "stripe_id": null, "current_billing_plan": "pro", "vat_id": null, "trial_ends_at": null,
                        "created_at": "2018-11-06 10:00:00", "updated_at": "2018-11-06 10:00:00",
                        "pivot": {"user_id": 1, "team_id": 7, "role": "owner"}},
                       {"id": "8", "name": "Second", "created_at": []},
                       {"name": "no id"}]"#;
        let teams = decode_teams(body.as_bytes()).unwrap();
        assert_eq!(teams.len(), 2);
        assert_eq!(teams[0].name, "Ops — Zürich");
        assert_eq!(
            teams[0].created_at.unwrap().to_rfc3339(),
            "2018-11-06T10:00:00+00:00"
        );
        assert_eq!((teams[1].id, teams[1].created_at), (8, None));
        let json = serde_json::to_value(&teams[0]).unwrap();
        assert_eq!(json["currentBillingPlan"], "pro");
    }
}
