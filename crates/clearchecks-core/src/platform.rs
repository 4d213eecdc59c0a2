//! Platform (reseller) account linking: the registration widget hands the platform an
//! encrypted token, and `POST /token/decrypt` (authenticated with the platform's own
//! `api_token`, body `{token, private_key}`) turns it into the new customer's `api_token`.
//!
//! The contract is unsure whether decryption is an API call or a local RSA step (U17), so the
//! step sits behind [`RegistrationTokenDecryptor`]; the client implements it with the API call.
//! The platform `private_key` is a secret like the token: [`PlatformPrivateKey`] never prints.

use std::future::Future;

use serde::Deserialize;

use crate::error::ApiError;
use crate::http::{ClearChecksClient, PostResult};
use crate::token::{ApiToken, REDACTED};

const ENDPOINT: &str = "POST /token/decrypt";

/// The platform's `private_key`. Never printed, never serialized.
#[derive(Clone, PartialEq, Eq)]
pub struct PlatformPrivateKey(Box<str>);

impl PlatformPrivateKey {
    pub fn new(raw: impl AsRef<str>) -> Result<Self, ApiError> {
        let trimmed = raw.as_ref().trim();
        if trimmed.is_empty() {
            return Err(ApiError::invalid_input(
                "privateKey",
                "Enter the platform private key from your ClearChecks account manager.",
            ));
        }
        Ok(Self(trimmed.into()))
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PlatformPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The customer account a registration created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedAccount {
    pub api_token: ApiToken,
    /// The account id, if the answer carried one (its field name is uncertain).
    pub account_id: Option<String>,
}

/// Turns the registration widget's encrypted token into the customer's API token.
pub trait RegistrationTokenDecryptor {
    fn decrypt_registration_token(
        &self,
        registration_token: &str,
        private_key: &PlatformPrivateKey,
    ) -> impl Future<Output = Result<LinkedAccount, ApiError>> + Send;
}

/// Extracts the encrypted token from the widget's `onSuccess` payload, which may be the string
/// itself or an object with `token` / `encrypted_token`.
pub fn registration_token_from_widget(payload: &serde_json::Value) -> Option<String> {
    let text = match payload {
        serde_json::Value::String(s) => Some(s.as_str()),
        serde_json::Value::Object(map) => map
            .get("token")
            .or_else(|| map.get("encrypted_token"))
            .and_then(|v| v.as_str()),
        _ => None,
    }?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[derive(Deserialize)]
struct DecryptWire {
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_text",
        alias = "api_token"
    )]
    api_key: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_text",
        alias = "bgchecks_account_id"
    )]
    account_id: Option<String>,
    #[serde(default)]
    account: Option<AccountRef>,
}

#[derive(Deserialize)]
struct AccountRef {
    #[serde(default, deserialize_with = "crate::lenient::opt_text")]
    id: Option<String>,
}

fn parse_linked(body: &[u8]) -> Result<LinkedAccount, ApiError> {
    let decode = |detail: &str| ApiError::Decode {
        endpoint: ENDPOINT.into(),
        detail: detail.into(),
    };
    let wire: DecryptWire =
        crate::lenient::from_slice_unwrapped(body).map_err(|_| decode("the answer is not JSON"))?;
    let key = wire
        .api_key
        .ok_or_else(|| decode("the answer has no api_key"))?;
    let api_token = ApiToken::new(key).map_err(|_| decode("the api_key is not a usable token"))?;
    let account_id = wire.account_id.or_else(|| wire.account.and_then(|a| a.id));
    Ok(LinkedAccount {
        api_token,
        account_id,
    })
}

impl RegistrationTokenDecryptor for ClearChecksClient {
    /// Sent once (a registration token is single-use). Call on a client built with the
    /// platform's own `api_token`.
    async fn decrypt_registration_token(
        &self,
        registration_token: &str,
        private_key: &PlatformPrivateKey,
    ) -> Result<LinkedAccount, ApiError> {
        let registration_token = registration_token.trim();
        if registration_token.is_empty() {
            return Err(ApiError::invalid_input(
                "token",
                "The registration widget returned no token.",
            ));
        }
        let body = serde_json::json!({ "token": registration_token, "private_key": private_key.expose_secret() });
        let scrub = |text: &str| {
            text.replace(private_key.expose_secret(), REDACTED)
                .replace(registration_token, REDACTED)
        };
        match self.post_once(&["token", "decrypt"], &body).await {
            PostResult::Answered(raw) => parse_linked(&raw.body),
            PostResult::Rejected(error)
            | PostResult::Redirected(error)
            | PostResult::NotSent(error)
            | PostResult::Lost(error) => Err(error.map_text(scrub)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_payload_shapes() {
        assert_eq!(
            registration_token_from_widget(&serde_json::json!("abc")),
            Some("abc".into())
        );
        assert_eq!(
            registration_token_from_widget(&serde_json::json!({"token": "t"})),
            Some("t".into())
        );
        assert_eq!(
            registration_token_from_widget(&serde_json::json!({"encrypted_token": "e"})),
            Some("e".into())
        );
        assert_eq!(
            registration_token_from_widget(&serde_json::json!({"other": 1})),
            None
        );
        assert_eq!(
            registration_token_from_widget(&serde_json::json!(" ")),
            None
        );
    }

    #[test]
    fn decrypt_answers() {
        let linked = parse_linked(br#"{"api_key": "cust-token", "account": {"id": 42}}"#).unwrap();
        assert_eq!(linked.api_token.expose_secret(), "cust-token");
        assert_eq!(linked.account_id.as_deref(), Some("42"));
        let linked = parse_linked(br#"{"api_key": "t", "bgchecks_account_id": "a-1"}"#).unwrap();
        assert_eq!(linked.account_id.as_deref(), Some("a-1"));
        assert!(!format!("{linked:?}").contains("\"t\""));
        assert!(matches!(
            parse_linked(br#"{"account_id": 1}"#),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn private_key_never_prints() {
        let key = PlatformPrivateKey::new("pk-secret").unwrap();
        assert_eq!(format!("{key:?}"), REDACTED);
        assert!(PlatformPrivateKey::new(" ").is_err());
    }
}
