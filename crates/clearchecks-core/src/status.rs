//! The one place that says what a ClearChecks status letter means.
//!
//! Letters (`A`, `P`, `R`, `C`, `V`, `X`, and anything new) become a [`StatusLetter`]; a letter
//! plus the `flagged_for_end_user_review` flag becomes a domain [`OrderState`] with a neutral,
//! plain-English label. The wording never says "failed" or "passed": a flagged report needs the
//! coordinator's review, it is not a verdict.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A status letter as the API sent it. Unknown letters are kept, never guessed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StatusLetter {
    /// Waiting on the applicant to fill in the invite.
    A,
    /// Pending / in progress.
    P,
    /// Same meaning as `P`.
    R,
    /// Complete.
    C,
    /// Pre-adverse action notice sent.
    V,
    /// Final adverse action notice sent.
    X,
    /// A letter this version does not know (kept as sent, trimmed).
    Unknown(String),
}

impl StatusLetter {
    pub fn parse(raw: &str) -> Self {
        match raw.trim().to_ascii_uppercase().as_str() {
            "A" => Self::A,
            "P" => Self::P,
            "R" => Self::R,
            "C" => Self::C,
            "V" => Self::V,
            "X" => Self::X,
            _ => Self::Unknown(raw.trim().to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::A => "A",
            Self::P => "P",
            Self::R => "R",
            Self::C => "C",
            Self::V => "V",
            Self::X => "X",
            Self::Unknown(other) => other,
        }
    }
}

impl fmt::Display for StatusLetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StatusLetter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StatusLetter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = crate::lenient::opt_string(d)?;
        Ok(Self::parse(text.as_deref().unwrap_or("")))
    }
}

/// What an order means for the coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum OrderState {
    AwaitingApplicant,
    InProgress,
    Complete,
    NeedsReview,
    PreAdverseSent,
    AdverseFinal,
    Unknown,
}

/// Coarse buckets for the order list's status filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum StatusGroup {
    /// Waiting for the applicant.
    Waiting,
    /// Being processed (including statuses we do not recognise).
    InProgress,
    /// Complete, nothing flagged.
    Complete,
    /// Complete and flagged for review.
    NeedsReview,
    /// Pre-adverse or final adverse notice sent.
    AdverseAction,
}

impl StatusGroup {
    pub const ALL: [StatusGroup; 5] = [
        Self::Waiting,
        Self::InProgress,
        Self::Complete,
        Self::NeedsReview,
        Self::AdverseAction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::InProgress => "inProgress",
            Self::Complete => "complete",
            Self::NeedsReview => "needsReview",
            Self::AdverseAction => "adverseAction",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Waiting => "Waiting for applicant",
            Self::InProgress => "In progress",
            Self::Complete => "Complete",
            Self::NeedsReview => "Needs your review",
            Self::AdverseAction => "Adverse action",
        }
    }
}

impl OrderState {
    /// Maps an overall letter and the review flag. The flag only matters once complete.
    pub fn from_letter(letter: &StatusLetter, flagged_for_review: bool) -> Self {
        match letter {
            StatusLetter::A => Self::AwaitingApplicant,
            StatusLetter::P | StatusLetter::R => Self::InProgress,
            StatusLetter::C if flagged_for_review => Self::NeedsReview,
            StatusLetter::C => Self::Complete,
            StatusLetter::V => Self::PreAdverseSent,
            StatusLetter::X => Self::AdverseFinal,
            StatusLetter::Unknown(other) => {
                tracing::debug!(letter = %other, "unknown ClearChecks status letter");
                Self::Unknown
            }
        }
    }

    /// Final for polling: nothing changes without the coordinator acting. `V` is not final
    /// (the FCRA waiting period ends in `X`), and an unknown letter is polled on.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Complete | Self::NeedsReview | Self::AdverseFinal
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingApplicant => "Waiting for applicant",
            Self::InProgress => "In progress",
            Self::Complete => "Complete",
            Self::NeedsReview => "Needs your review",
            Self::PreAdverseSent => "Pre-adverse notice sent",
            Self::AdverseFinal => "Final adverse notice sent",
            Self::Unknown => "Unknown status",
        }
    }

    pub fn group(self) -> StatusGroup {
        match self {
            Self::AwaitingApplicant => StatusGroup::Waiting,
            Self::InProgress | Self::Unknown => StatusGroup::InProgress,
            Self::Complete => StatusGroup::Complete,
            Self::NeedsReview => StatusGroup::NeedsReview,
            Self::PreAdverseSent | Self::AdverseFinal => StatusGroup::AdverseAction,
        }
    }
}

/// A component of a report, as keyed in the status endpoint's `reports` object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ComponentKey {
    BackgroundReport,
    MotorVehicleRecord,
    Education,
    Drug,
    Blj,
    FederalCriminal,
    Employment,
    Other(String),
}

impl ComponentKey {
    pub fn parse(key: &str) -> Self {
        match key {
            "background_report" => Self::BackgroundReport,
            "mvd_status" => Self::MotorVehicleRecord,
            "education_status" => Self::Education,
            "drug_status" => Self::Drug,
            "blj_status" => Self::Blj,
            "federal_criminal_status" => Self::FederalCriminal,
            "employment_status" => Self::Employment,
            other => Self::Other(other.to_string()),
        }
    }

    /// The API key (`mvd_status`, …).
    pub fn as_str(&self) -> &str {
        match self {
            Self::BackgroundReport => "background_report",
            Self::MotorVehicleRecord => "mvd_status",
            Self::Education => "education_status",
            Self::Drug => "drug_status",
            Self::Blj => "blj_status",
            Self::FederalCriminal => "federal_criminal_status",
            Self::Employment => "employment_status",
            Self::Other(key) => key,
        }
    }

    pub fn label(&self) -> String {
        match self {
            Self::BackgroundReport => "Background report".into(),
            Self::MotorVehicleRecord => "Motor vehicle record".into(),
            Self::Education => "Education verification".into(),
            Self::Drug => "Drug test".into(),
            Self::Blj => "Bankruptcies, liens and judgments".into(),
            Self::FederalCriminal => "Federal criminal search".into(),
            Self::Employment => "Employment verification".into(),
            Self::Other(key) => humanize(key),
        }
    }
}

fn humanize(key: &str) -> String {
    let words = key.trim_end_matches("_status").replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Other check".into(),
    }
}

/// One component's status, ready for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ComponentStatus {
    pub key: String,
    pub label: String,
    pub state: OrderState,
    pub letter: String,
}

impl ComponentStatus {
    /// Components carry no review flag of their own, so `C` maps to `Complete`.
    pub fn new(key: &str, letter: &StatusLetter) -> Self {
        let parsed = ComponentKey::parse(key);
        Self {
            key: key.to_string(),
            label: parsed.label(),
            state: OrderState::from_letter(letter, false),
            letter: letter.as_str().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_map_to_states() {
        let cases = [
            ("A", false, OrderState::AwaitingApplicant),
            ("P", false, OrderState::InProgress),
            ("R", true, OrderState::InProgress),
            ("C", false, OrderState::Complete),
            ("C", true, OrderState::NeedsReview),
            ("c", false, OrderState::Complete),
            ("V", false, OrderState::PreAdverseSent),
            ("X", false, OrderState::AdverseFinal),
            ("Q", false, OrderState::Unknown),
            ("", false, OrderState::Unknown),
        ];
        for (letter, flagged, state) in cases {
            assert_eq!(
                OrderState::from_letter(&StatusLetter::parse(letter), flagged),
                state,
                "{letter}"
            );
        }
    }

    #[test]
    fn unknown_letters_are_kept() {
        let letter: StatusLetter = serde_json::from_str("\" Z \"").unwrap();
        assert_eq!(letter, StatusLetter::Unknown("Z".into()));
        assert_eq!(serde_json::to_string(&letter).unwrap(), "\"Z\"");
        let null: StatusLetter = serde_json::from_str("null").unwrap();
        assert_eq!(null, StatusLetter::Unknown(String::new()));
    }

    #[test]
    fn finality_for_polling() {
        assert!(OrderState::Complete.is_final());
        assert!(OrderState::NeedsReview.is_final());
        assert!(OrderState::AdverseFinal.is_final());
        for open in [
            OrderState::AwaitingApplicant,
            OrderState::InProgress,
            OrderState::PreAdverseSent,
            OrderState::Unknown,
        ] {
            assert!(!open.is_final(), "{open:?}");
        }
    }

    #[test]
    fn labels_are_neutral() {
        let all = [
            OrderState::AwaitingApplicant,
            OrderState::InProgress,
            OrderState::Complete,
            OrderState::NeedsReview,
            OrderState::PreAdverseSent,
            OrderState::AdverseFinal,
            OrderState::Unknown,
        ];
        for state in all {
            let label = state.label().to_lowercase();
            for banned in ["fail", "pass", "reject", "clear"] {
                assert!(!label.contains(banned), "{label}");
            }
        }
        assert_eq!(OrderState::NeedsReview.label(), "Needs your review");
        assert_eq!(OrderState::AwaitingApplicant.group(), StatusGroup::Waiting);
        assert_eq!(OrderState::AdverseFinal.group(), StatusGroup::AdverseAction);
    }

    #[test]
    fn ipc_spelling() {
        assert_eq!(
            serde_json::to_string(&OrderState::AwaitingApplicant).unwrap(),
            "\"awaitingApplicant\""
        );
        assert_eq!(
            serde_json::to_string(&OrderState::PreAdverseSent).unwrap(),
            "\"preAdverseSent\""
        );
        for group in StatusGroup::ALL {
            assert_eq!(
                serde_json::to_string(&group).unwrap(),
                format!("\"{}\"", group.as_str())
            );
        }
    }

    #[test]
    fn component_labels() {
        assert_eq!(
            ComponentKey::parse("mvd_status").label(),
            "Motor vehicle record"
        );
        assert_eq!(
            ComponentKey::parse("employment_status").label(),
            "Employment verification"
        );
        assert_eq!(
            ComponentKey::parse("credit_report_status").label(),
            "Credit report"
        );
        let c = ComponentStatus::new("drug_status", &StatusLetter::C);
        assert_eq!(
            (c.state, c.letter.as_str(), c.label.as_str()),
            (OrderState::Complete, "C", "Drug test")
        );
    }
}
