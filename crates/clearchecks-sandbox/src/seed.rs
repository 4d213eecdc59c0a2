//! Deterministic synthetic data: account owners, applicants and seeded order
//! histories. Same seed, same world. Names deliberately include non-ASCII
//! letters so clients are exercised with Unicode.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::model::{AddOns, ApplicantDetails, Order, ReportStatus};
use crate::tokens;

const FIRST_NAMES: &[&str] = &[
    "Ada", "Zoë", "José", "Łukasz", "Søren", "Aoife", "Chloé", "Mateo", "Priya", "Björn", "Amélie",
    "Kwame", "Núria", "Hiroshi", "Olusegun", "Renée", "Dmitri", "Iñaki", "Mei", "Gráinne", "Thảo",
    "Fatima", "Jürgen", "Élodie", "Marcus", "Ingrid", "Tomás", "Yusuf", "Camila", "Noah",
];
const MIDDLE_NAMES: &[&str] = &["", "Marie", "J.", "Lee", "Ann", "René", "Ørn", "Kai", ""];
const LAST_NAMES: &[&str] = &[
    "Lovelace",
    "Nguyễn",
    "García",
    "Kowalczyk",
    "Østergaard",
    "O'Brien",
    "Müller",
    "Dubois",
    "Okafor",
    "Sánchez",
    "Yamamoto",
    "Andersson",
    "Patel",
    "Ferreira",
    "Kim",
    "Ćosić",
    "Novák",
    "MacLeod",
    "Haddad",
    "Rossi",
    "Van der Berg",
    "Jiménez",
    "Smith-Jones",
    "Łęcki",
    "Brontë",
];
const CITIES: &[(&str, &str, &str, &str)] = &[
    ("Denver", "CO", "Denver", "80202"),
    ("Trenton", "NJ", "Mercer", "08608"),
    ("Austin", "TX", "Travis", "78701"),
    ("Portland", "OR", "Multnomah", "97204"),
    ("Columbus", "OH", "Franklin", "43215"),
    ("Raleigh", "NC", "Wake", "27601"),
    ("Phoenix", "AZ", "Maricopa", "85004"),
    ("Boston", "MA", "Suffolk", "02108"),
    ("San José", "CA", "Santa Clara", "95113"),
    ("Española", "NM", "Rio Arriba", "87532"),
];
const STREETS: &[(&str, &str)] = &[
    ("Maple", "Ave"),
    ("Oak", "St"),
    ("Peña", "Blvd"),
    ("Lakeview", "Dr"),
    ("Cedar", "Ln"),
    ("Main", "St"),
    ("Ridge", "Rd"),
    ("Birch", "Ct"),
    ("Harbor", "Way"),
    ("Sunset", "Blvd"),
];
const EMAIL_DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];

/// A city tuple: (city, state, county, zip).
pub(crate) fn city<R: Rng + ?Sized>(
    rng: &mut R,
) -> (&'static str, &'static str, &'static str, &'static str) {
    *CITIES.choose(rng).expect("non-empty list")
}

/// The county of a given city and state, if it is one of ours.
pub(crate) fn county_of(city_name: &str, state: &str) -> &'static str {
    CITIES
        .iter()
        .find(|c| c.0 == city_name && c.1 == state)
        .map(|c| c.2)
        .unwrap_or("Unknown")
}

/// A street line like "1234 Maple Ave".
pub(crate) fn street<R: Rng + ?Sized>(rng: &mut R) -> (String, &'static str, &'static str) {
    let (name, suffix) = *STREETS.choose(rng).expect("non-empty list");
    (rng.gen_range(10..9999).to_string(), name, suffix)
}

/// A person's (first, last) name.
pub(crate) fn person_name<R: Rng + ?Sized>(rng: &mut R) -> (String, String) {
    (
        FIRST_NAMES.choose(rng).expect("non-empty").to_string(),
        LAST_NAMES.choose(rng).expect("non-empty").to_string(),
    )
}

/// Synthetic applicant details, as if the applicant had filled in the form.
pub(crate) fn applicant<R: Rng + ?Sized>(rng: &mut R) -> ApplicantDetails {
    let (first_name, last_name) = person_name(rng);
    let (city_name, state, _, zip) = city(rng);
    let (number, name, suffix) = street(rng);
    ApplicantDetails {
        first_name,
        middle_name: MIDDLE_NAMES.choose(rng).expect("non-empty").to_string(),
        last_name,
        dob: format!(
            "{:04}-{:02}-{:02}",
            rng.gen_range(1960..2004),
            rng.gen_range(1..=12),
            rng.gen_range(1..=28)
        ),
        ssn_last4: format!("{:04}", rng.gen_range(0..10_000)),
        street: format!("{number} {name} {suffix}"),
        city: city_name.to_owned(),
        state: state.to_owned(),
        zipcode: zip.to_owned(),
    }
}

/// An applicant's deterministic details for a report key (used when the
/// applicant "submits" through a control or the clock).
pub(crate) fn applicant_for_key(key: &str) -> ApplicantDetails {
    let mut rng = StdRng::seed_from_u64(tokens::seed_of(17, key));
    applicant(&mut rng)
}

/// A synthetic applicant email; `with_records` adds the `+records` marker.
fn applicant_email<R: Rng + ?Sized>(rng: &mut R, index: usize, with_records: bool) -> String {
    let (first, last) = person_name(rng);
    let local: String = format!("{first}.{last}")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect::<String>()
        .to_ascii_lowercase();
    let tag = if with_records { "+records" } else { "" };
    let domain = EMAIL_DOMAINS.choose(rng).expect("non-empty");
    format!("{local}{index}{tag}@{domain}")
}

fn random_add_ons<R: Rng + ?Sized>(rng: &mut R) -> AddOns {
    let drug_test = rng.gen_bool(0.35);
    AddOns {
        drug_test,
        drug_sku: drug_test.then(|| {
            ["drug", "drug9", "drug10"]
                .choose(rng)
                .expect("non-empty")
                .to_string()
        }),
        mvr: rng.gen_bool(0.3),
        employment: rng.gen_bool(0.4),
        education: rng.gen_bool(0.25),
        blj: rng.gen_bool(0.3),
        federal_criminal: rng.gen_bool(0.35),
        ..AddOns::default()
    }
}

/// Picks a status so a seeded history covers every letter, weighted towards
/// complete reports, with recent orders more likely to be in flight.
fn seeded_status<R: Rng + ?Sized>(rng: &mut R, age_days: i64) -> ReportStatus {
    let roll = rng.gen_range(0..100);
    if age_days < 10 {
        match roll {
            0..=34 => ReportStatus::A,
            35..=64 => ReportStatus::P,
            65..=74 => ReportStatus::R,
            _ => ReportStatus::C,
        }
    } else {
        match roll {
            0..=7 => ReportStatus::A,
            8..=17 => ReportStatus::P,
            18..=21 => ReportStatus::R,
            22..=83 => ReportStatus::C,
            84..=93 => ReportStatus::V,
            _ => ReportStatus::X,
        }
    }
}

/// `count` orders for an account over the ~180 days before `now`, oldest
/// first. The most recent ones always include every status letter.
pub(crate) fn orders(seed: u64, account_id: u64, count: usize, now: DateTime<Utc>) -> Vec<Order> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut ages: Vec<i64> = (0..count)
        .map(|_| rng.gen_range(0..180 * 24 * 60))
        .collect();
    ages.sort_unstable_by(|a, b| b.cmp(a));
    let always = [
        ReportStatus::A,
        ReportStatus::P,
        ReportStatus::R,
        ReportStatus::C,
        ReportStatus::V,
        ReportStatus::X,
    ];
    ages.into_iter()
        .enumerate()
        .map(|(index, age_minutes)| {
            let order_date = now - ChronoDuration::minutes(age_minutes.max(1));
            let age_days = age_minutes / (24 * 60);
            // The six oldest orders pin one of each letter so every seeded
            // account shows every status, whatever the random draw.
            let status = if index < always.len() && count >= always.len() {
                always[index]
            } else {
                seeded_status(&mut rng, age_days)
            };
            let records =
                rng.gen_bool(0.12) || (status == ReportStatus::V || status == ReportStatus::X);
            let email = applicant_email(&mut rng, index, records);
            let mut order = Order {
                report_key: tokens::report_key(&mut rng),
                account_id,
                report_sku: ["HIRE1", "HIRE2", "HIRE3"]
                    .choose(&mut rng)
                    .expect("non-empty")
                    .to_string(),
                applicant_email: email,
                add_ons: random_add_ons(&mut rng),
                status,
                flagged_for_end_user_review: false,
                order_date,
                submitted_date: None,
                completed_date: None,
                applicant: None,
                next_transition_at: None,
            };
            if status != ReportStatus::A {
                let submitted =
                    order_date + ChronoDuration::minutes(rng.gen_range(30..2 * 24 * 60));
                order.submitted_date = Some(submitted.min(now));
                order.applicant = Some(applicant(&mut rng));
            }
            if status.is_completed() {
                let submitted = order.submitted_date.unwrap_or(order_date);
                let done = submitted + ChronoDuration::minutes(rng.gen_range(60..4 * 24 * 60));
                order.completed_date = Some(done.min(now));
                order.flagged_for_end_user_review = order.has_records();
            }
            order
        })
        .collect()
}

/// The owner of an account: (first, last, email, city, state, zip).
pub(crate) struct Owner {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub city: String,
    pub state: String,
    pub zip: String,
}

pub(crate) fn owner(seed: u64) -> Owner {
    let mut rng = StdRng::seed_from_u64(seed);
    let (first_name, last_name) = person_name(&mut rng);
    let (city_name, state, _, zip) = city(&mut rng);
    let local: String = first_name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Owner {
        email: format!(
            "{}@example.com",
            if local.is_empty() {
                "owner".to_owned()
            } else {
                local
            }
        ),
        first_name,
        last_name,
        city: city_name.to_owned(),
        state: state.to_owned(),
        zip: zip.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_orders_are_deterministic_and_cover_every_status() {
        let now = Utc::now();
        let a = orders(42, 1, 60, now);
        let b = orders(42, 1, 60, now);
        assert_eq!(a, b);
        for letter in [
            ReportStatus::A,
            ReportStatus::P,
            ReportStatus::R,
            ReportStatus::C,
            ReportStatus::V,
            ReportStatus::X,
        ] {
            assert!(a.iter().any(|o| o.status == letter), "missing {letter:?}");
        }
        assert!(a.windows(2).all(|w| w[0].order_date <= w[1].order_date));
    }

    #[test]
    fn completed_records_orders_are_flagged() {
        let orders = orders(7, 1, 200, Utc::now());
        for o in &orders {
            if o.status.is_completed() {
                assert_eq!(o.flagged_for_end_user_review, o.has_records());
                assert!(o.completed_date.is_some() && o.applicant.is_some());
            } else {
                assert!(!o.flagged_for_end_user_review && o.completed_date.is_none());
            }
        }
    }
}
