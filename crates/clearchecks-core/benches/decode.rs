//! Decoding one `/reports/all` page of 10,000 items into typed items, against parsing the same
//! bytes into a `serde_json::Value` (the cheapest "decode anything" baseline).

use std::hint::black_box;

use clearchecks_core::reports::decode_reports_page;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value};

const ITEMS: usize = 10_000;

/// A page shaped like the simulator's (PHP date objects, Y/N flags, unicode names, extras).
fn page_body() -> Vec<u8> {
    let first = [
        "Zoë",
        "Ana",
        "Łukasz",
        "李",
        "Oluwaseun",
        "María José",
        "Ada",
        "Søren",
    ];
    let last = [
        "Núñez",
        "O'Brien",
        "Schäfer",
        "王",
        "Okafor",
        "Lovelace",
        "Ødegård",
        "Smith",
    ];
    let letters = ["A", "P", "R", "C", "C", "C", "V", "X"];
    let skus = ["HIRE1", "HIRE2", "HIRE3"];
    let data: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let day = 1 + i % 28;
            json!({
                "report_key": format!("rk_{i:08x}_Zx9"),
                "status": letters[i % letters.len()],
                "flagged_for_end_user_review": i % 7 == 0,
                "applicant_email": format!("applicant.{i}@example.com"),
                "applicant_first_name": first[i % first.len()],
                "applicant_last_name": last[(i / 3) % last.len()],
                "report_sku": skus[i % skus.len()],
                "order_date": {"date": format!("2026-10-{day:02} 12:34:56.000000"), "timezone_type": 3, "timezone": "UTC"},
                "completed_date": if i % 2 == 0 { json!({"date": format!("2026-11-{day:02} 08:00:00.000000"), "timezone_type": 3, "timezone": "UTC"}) } else { Value::Null },
                "applicant_invite_url": format!("http://127.0.0.1:9/invite/rk_{i:08x}_Zx9"),
                "drug_test": "N", "drug_sku": null, "mvr": "Y", "employment": "N", "education": "N",
                "blj": "N", "federal_criminal": "Y", "bankruptcy": "N", "civil_judgment": "N",
                "tax_lien": "N", "credit_report": "N"
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "current_page": 1, "data": data, "first_page_url": "http://h/api/reports/all?page=1", "from": 1,
        "last_page": 1, "last_page_url": "http://h/api/reports/all?page=1", "next_page_url": null,
        "path": "http://h/api/reports/all", "per_page": ITEMS, "prev_page_url": null, "to": ITEMS, "total": ITEMS
    }))
    .unwrap()
}

fn decode(c: &mut Criterion) {
    let body = page_body();
    assert_eq!(decode_reports_page(&body).unwrap().items.len(), ITEMS);
    let mut group = c.benchmark_group("reports_all_page_10k");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(20);
    group.bench_function("typed_items", |b| {
        b.iter(|| decode_reports_page(black_box(&body)).unwrap())
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&body)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
