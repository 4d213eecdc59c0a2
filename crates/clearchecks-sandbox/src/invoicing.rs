//! Invoices derived from an account's orders: one per calendar month with
//! orders, a line per check and per add-on (each naming its report key),
//! tax by the account's state, and totals that are exactly lines + tax.
//! The current month is "due", earlier months "paid". Decision #2's shape.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};

use crate::model::{Account, Order};
use crate::php;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    pub report_key: Option<String>,
    pub description: String,
    pub amount: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Invoice {
    pub id: u64,
    pub number: String,
    pub year: i32,
    pub month: u32,
    pub paid: bool,
    pub lines: Vec<Line>,
    pub tax: Decimal,
    pub total: Decimal,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn dollars(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

fn sku_price(sku: &str) -> (Decimal, &'static str) {
    match sku {
        "HIRE1" => (dollars(1995), "Basic"),
        "HIRE2" => (dollars(3495), "Standard"),
        _ => (dollars(5495), "Premium"),
    }
}

/// Sales tax rate by state (a simulation, not tax advice).
fn tax_rate(state: &str) -> Decimal {
    match state {
        "OR" | "NH" | "MT" | "DE" | "AK" => Decimal::ZERO,
        "CA" => Decimal::new(725, 4),
        "TX" => Decimal::new(625, 4),
        _ => Decimal::new(600, 4),
    }
}

/// The billable lines of one order.
pub(crate) fn order_lines(order: &Order) -> Vec<Line> {
    let key = Some(order.report_key.clone());
    let (price, tier) = sku_price(&order.report_sku);
    let mut lines = vec![Line {
        report_key: key.clone(),
        description: format!("{tier} background check ({})", order.report_sku),
        amount: price,
    }];
    let a = &order.add_ons;
    let mut add = |on: bool, description: &str, cents: i64| {
        if on {
            lines.push(Line {
                report_key: key.clone(),
                description: description.to_owned(),
                amount: dollars(cents),
            });
        }
    };
    if a.drug_test {
        match a.drug_sku.as_deref() {
            Some("drug9") => add(true, "9-panel drug test", 4500),
            Some("drug10") => add(true, "10-panel drug test", 5500),
            _ => add(true, "5-panel drug test", 3500),
        }
    }
    add(a.mvr, "Motor vehicle record", 950);
    add(a.employment, "Employment verification", 1400);
    add(a.education, "Education verification", 1400);
    add(a.blj, "Bankruptcies, liens and judgments", 1200);
    add(a.federal_criminal, "Federal criminal search", 1000);
    add(a.bankruptcy, "Bankruptcy search", 800);
    add(a.civil_judgment, "Civil judgment search", 800);
    add(a.tax_lien, "Tax lien search", 800);
    add(a.credit_report, "Credit report", 1500);
    lines
}

fn month_start(year: i32, month: u32) -> DateTime<Utc> {
    let date = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn next_month(year: i32, month: u32) -> (i32, u32) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

/// The account's invoices, newest first.
pub(crate) fn invoices_for(
    account: &Account,
    orders: &[Order],
    now: DateTime<Utc>,
) -> Vec<Invoice> {
    let mut by_month: BTreeMap<(i32, u32), Vec<&Order>> = BTreeMap::new();
    for order in orders {
        by_month
            .entry((order.order_date.year(), order.order_date.month()))
            .or_default()
            .push(order);
    }
    let current = (now.year(), now.month());
    let rate = tax_rate(&account.state);
    let mut invoices: Vec<Invoice> = by_month
        .into_iter()
        .map(|((year, month), orders)| {
            let lines: Vec<Line> = orders.iter().flat_map(|o| order_lines(o)).collect();
            let subtotal: Decimal = lines.iter().map(|l| l.amount).sum();
            let tax =
                (subtotal * rate).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            let paid = (year, month) < current;
            let (ny, nm) = next_month(year, month);
            let created_at = if paid {
                month_start(ny, nm) + chrono::Duration::hours(9)
            } else {
                month_start(year, month)
            };
            let updated_at = if paid {
                created_at + chrono::Duration::days(3)
            } else {
                now
            };
            Invoice {
                // Stable across calls: derived from the account and period.
                id: account.id * 1_000_000 + (year as u64) * 100 + u64::from(month),
                number: format!("INV-{year}-{:02}{month:02}", account.id % 100),
                year,
                month,
                paid,
                lines,
                tax,
                total: subtotal + tax,
                created_at,
                updated_at,
            }
        })
        .collect();
    invoices.reverse();
    invoices
}

impl Invoice {
    pub fn to_json(&self, account: &Account) -> Value {
        let lines: Vec<Value> = self
            .lines
            .iter()
            .map(|l| json!({ "report_key": l.report_key, "description": l.description, "amount": l.amount.to_string() }))
            .collect();
        json!({
            "id": self.id,
            "team_id": account.id,
            "user_id": account.id,
            "provider_id": format!("in_sbx{:012}", self.id),
            "number": self.number,
            "status": if self.paid { "paid" } else { "due" },
            "period": format!("{:04}-{:02}", self.year, self.month),
            "total": self.total.to_string(),
            "tax": self.tax.to_string(),
            "card_country": "US",
            "billing_state": account.billing.billing_state.clone().unwrap_or_else(|| account.state.clone()),
            "billing_zip": account.billing.billing_zip.clone().unwrap_or_else(|| account.zip.clone()),
            "billing_country": account.billing.billing_country.clone().unwrap_or_else(|| "US".to_owned()),
            "vat_id": null,
            "created_at": php::timestamp(self.created_at),
            "updated_at": php::timestamp(self.updated_at),
            "lines": lines,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BillingContact;

    fn account(state: &str) -> Account {
        Account {
            id: 3,
            api_token: "t".into(),
            company_name: "C".into(),
            first_name: "F".into(),
            last_name: "L".into(),
            email: "e@example.com".into(),
            city: "X".into(),
            state: state.into(),
            zip: "00001".into(),
            created_at: Utc::now(),
            billing: BillingContact::default(),
        }
    }

    #[test]
    fn totals_equal_lines_plus_tax_and_lines_name_real_keys() {
        let now = Utc::now();
        let orders = crate::seed::orders(9, 3, 150, now);
        let invoices = invoices_for(&account("CA"), &orders, now);
        assert!(invoices.len() > 3);
        assert!(invoices
            .windows(2)
            .all(|w| (w[0].year, w[0].month) > (w[1].year, w[1].month)));
        assert!(
            !invoices[0].paid || (invoices[0].year, invoices[0].month) < (now.year(), now.month())
        );
        for invoice in &invoices {
            let sum: Decimal = invoice.lines.iter().map(|l| l.amount).sum();
            assert_eq!(invoice.total, sum + invoice.tax);
            assert_eq!(
                invoice.tax,
                (sum * Decimal::new(725, 4))
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            );
            for line in &invoice.lines {
                let key = line.report_key.as_deref().unwrap();
                assert!(orders.iter().any(|o| o.report_key == key));
            }
        }
        let json = invoices[0].to_json(&account("CA"));
        assert!(json["total"].is_string() && json["number"].as_str().unwrap().starts_with("INV-"));
    }
}
