//! The full report JSON of `GET /report/{key}` (contract §2.6), generated
//! deterministically from the order: subject, SSN trace, address history and
//! county searches once the applicant has submitted; criminal records and
//! liens for `+records` applicants once complete; sections only for ordered
//! components.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::model::{ApplicantDetails, Order};
use crate::{php, seed, tokens};

fn sku_description(sku: &str) -> &'static str {
    match sku {
        "HIRE1" => "Basic background check",
        "HIRE2" => "Standard background check",
        _ => "Premium background check",
    }
}

pub(crate) fn build(order: &Order) -> Value {
    let mut rng = StdRng::seed_from_u64(tokens::seed_of(99, &order.report_key));
    let mut body = json!({
        "report_key": order.report_key,
        "report_description": sku_description(&order.report_sku),
        "report_sku": order.report_sku,
        "status": order.status.letter(),
        "flagged_for_end_user_review": order.flagged_for_end_user_review,
        "applicant_email": order.applicant_email,
        "order_date": php::date_object(order.order_date),
        "completed_date": php::optional_date_object(order.completed_date),
    });
    let Some(applicant) = order.applicant.as_ref() else {
        body["subject"] = Value::Null;
        return body;
    };
    body["subject"] = json!({
        "first_name": applicant.first_name,
        "middle_name": applicant.middle_name,
        "last_name": applicant.last_name,
        "dob": format!("XXXX-XX-{}", applicant.dob.get(8..10).unwrap_or("01")),
        "ssn": format!("XXX-XX-{}", applicant.ssn_last4),
    });
    if !order.status.is_completed() {
        body["ssn_trace"] = json!({ "message": "Search in progress." });
        return body;
    }
    let records = order.has_records();
    body["ssn_trace"] = json!({ "message": "SSN is valid and was issued between 1985 and 1990." });
    body["address_history"] = address_history(applicant, &mut rng);
    body["county_criminal"] = county_criminal(applicant, &body["address_history"], records);
    body["criminal_records"] = criminal_records(applicant, records, &mut rng);
    if order.add_ons.blj {
        body["blj"] = blj(applicant, records, &mut rng);
    }
    if order.add_ons.federal_criminal {
        body["federal_criminal"] = json!({ "cases": [] });
    }
    if order.add_ons.employment {
        body["employment"] = json!({ "status": "C", "verified": true, "employers": [{"name": "Globex Corporation", "title": "Associate", "start": "2019-03", "end": "2023-08"}] });
    }
    if order.add_ons.education {
        body["education"] = json!({ "status": "C", "verified": true, "institutions": [{"name": "State University", "degree": "B.S.", "year": "2018"}] });
    }
    if order.add_ons.mvr {
        body["mvr"] = json!({ "status": "C", "license_state": applicant.state, "license_status": "VALID", "violations": [] });
    }
    if order.add_ons.drug_test {
        body["drug"] =
            json!({ "status": "C", "panel": order.add_ons.drug_sku, "result": "negative" });
    }
    body
}

fn address_history(applicant: &ApplicantDetails, rng: &mut StdRng) -> Value {
    let name = json!({ "first_name": applicant.first_name, "middle_name": applicant.middle_name, "last_name": applicant.last_name });
    let (year, month, day) = (
        applicant.dob.get(0..4).unwrap_or("1990"),
        applicant.dob.get(5..7).unwrap_or("01"),
        applicant.dob.get(8..10).unwrap_or("01"),
    );
    let dob_match = json!({ "day": day, "month": month, "year": year });
    let mut addresses = Vec::new();
    let (number, street_name, suffix) = applicant
        .street
        .splitn(3, ' ')
        .collect::<Vec<_>>()
        .try_into()
        .map(|parts: [&str; 3]| {
            (
                parts[0].to_owned(),
                parts[1].to_owned(),
                parts[2].to_owned(),
            )
        })
        .unwrap_or_else(|_| ("1".into(), applicant.street.clone(), String::new()));
    addresses.push(json!({
        "name": name, "address": {"street_number": number, "street_name": street_name, "street_suffix": suffix},
        "city": applicant.city, "state": applicant.state, "zipcode": applicant.zipcode,
        "dob_match": dob_match, "record_date": {"first": "2021-04", "last": "2026-10"},
    }));
    for span in 0..rng.gen_range(1..3) {
        let (city, state, _, zip) = seed::city(rng);
        let (number, street_name, suffix) = seed::street(rng);
        let first = 2012 + span * 4;
        addresses.push(json!({
            "name": name, "address": {"street_number": number, "street_name": street_name, "street_suffix": suffix},
            "city": city, "state": state, "zipcode": zip,
            "dob_match": dob_match, "record_date": {"first": format!("{first}-06"), "last": format!("{}-03", first + 4)},
        }));
    }
    json!({ "addresses": addresses })
}

fn county_criminal(applicant: &ApplicantDetails, history: &Value, records: bool) -> Value {
    let mut seen: Vec<(String, String)> = Vec::new();
    for address in history["addresses"].as_array().into_iter().flatten() {
        let key = (
            address["state"].as_str().unwrap_or_default().to_owned(),
            address["city"].as_str().unwrap_or_default().to_owned(),
        );
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    let county_records: Vec<Value> = seen
        .iter()
        .map(|(state, city)| {
            let hit = records && *state == applicant.state && *city == applicant.city;
            json!({ "state": state, "county": seed::county_of(city, state), "result": if hit { "record found" } else { "clear" } })
        })
        .collect();
    json!({ "county_records": county_records })
}

fn criminal_records(applicant: &ApplicantDetails, records: bool, rng: &mut StdRng) -> Value {
    if !records {
        return json!({ "count": 0, "records": [] });
    }
    let county = seed::county_of(&applicant.city, &applicant.state);
    let offenses = [
        ("THEFT BY UNAUTHORIZED TAKING", "MISDEMEANOR", "2C:20-3"),
        ("DRIVING UNDER THE INFLUENCE", "MISDEMEANOR", "39:4-50"),
        ("POSSESSION OF A CONTROLLED SUBSTANCE", "FELONY", "2C:35-10"),
    ];
    let count = rng.gen_range(1..=2);
    let records: Vec<Value> = (0..count)
        .map(|i| {
            let (description, casetype, code) = offenses[(i + rng.gen_range(0..3)) % offenses.len()];
            let year = rng.gen_range(2008..2022);
            json!({
                "first_name": applicant.first_name.to_uppercase(),
                "middle_name": applicant.middle_name.to_uppercase(),
                "last_name": applicant.last_name.to_uppercase(),
                "fulldob": applicant.dob.replace('-', ""),
                "state": applicant.state, "address": applicant.street, "city": applicant.city,
                "case_number": format!("{}-{year}-{:06}", applicant.state, rng.gen_range(0..1_000_000)),
                "jurisdiction": format!("{} County Superior Court", county),
                "jurisdictioncounty": county,
                "offenses": [{
                    "offensedescription": description, "arrestdate": format!("{year}-03-14"), "casetype": casetype,
                    "offensedate": format!("{year}-03-13"), "offensecode": code,
                    "chargefilingdate": format!("{year}-04-02"), "court": format!("{county} County Court"),
                    "comments": "DISPOSITION: GUILTY PLEA; FINE AND COSTS PAID",
                }],
            })
        })
        .collect();
    json!({ "count": records.len(), "records": records })
}

fn blj(applicant: &ApplicantDetails, records: bool, rng: &mut StdRng) -> Value {
    if !records {
        return json!({ "liens": [], "bankruptcies": [], "judgments": [] });
    }
    let county = seed::county_of(&applicant.city, &applicant.state);
    let debtor = json!({
        "first_name": applicant.first_name, "middle_name": applicant.middle_name, "last_name": applicant.last_name,
        "ssn": format!("XXX-XX-{}", applicant.ssn_last4), "address": applicant.street, "city": applicant.city,
        "state": applicant.state, "zip": applicant.zipcode, "phone": "", "created_at": "2019-05-02 00:00:00",
        "updated_at": "2019-05-02 00:00:00", "name": format!("{} {}", applicant.first_name, applicant.last_name),
    });
    json!({
        "liens": [{
            "first_seen": "2019-05-02", "last_seen": "2024-01-10", "fips_code": "00000",
            "case_county": county, "case_state": applicant.state,
            "amount": format!("{}.00", rng.gen_range(800..9000)), "lien_type": "STATE TAX LIEN",
            "issuing_agency": "State Department of Revenue",
            "creditors": [{"name": "STATE DEPARTMENT OF REVENUE"}], "properties": [], "businesses": [],
            "cases": [{"deed_category": "", "case_description": "Tax lien filing", "date": "2019-05-01",
                        "doc_number": format!("{}", rng.gen_range(100_000..999_999)), "recording_date": "2019-05-02"}],
            "debtors": [debtor],
        }],
        "bankruptcies": [],
        "judgments": [],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn records_applicants_get_findings_once_complete() {
        let now = Utc::now();
        let mut orders = seed::orders(5, 1, 300, now);
        orders.retain(|o| o.status.is_completed());
        let flagged = orders.iter().find(|o| o.has_records()).unwrap();
        let clear = orders.iter().find(|o| !o.has_records()).unwrap();
        let body = build(flagged);
        assert!(body["criminal_records"]["count"].as_u64().unwrap() >= 1);
        assert!(body["subject"]["ssn"]
            .as_str()
            .unwrap()
            .starts_with("XXX-XX-"));
        assert_eq!(build(clear)["criminal_records"]["count"], 0);
        assert_eq!(build(flagged), build(flagged), "deterministic");
    }
}
