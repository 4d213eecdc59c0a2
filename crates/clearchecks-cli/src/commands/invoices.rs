//! `clearchecks invoices list` and `clearchecks invoices show`.

use clearchecks_core::InvoiceSummary;

use crate::failure::Failure;
use crate::output::{cell, date_cell, key_values, print, print_json, Table};
use crate::select::Session;

pub async fn list(session: &Session, json: bool) -> Result<(), Failure> {
    let listing = session.client.list_invoices().await?;
    print_invoices(&listing.items, json)?;
    if listing.is_complete() {
        Ok(())
    } else {
        let read = listing.items.len();
        Err(Failure::incomplete("invoice", read, &listing.completeness))
    }
}

fn print_invoices(invoices: &[InvoiceSummary], json: bool) -> Result<(), Failure> {
    if json {
        return print_json(&invoices);
    }
    if invoices.is_empty() {
        return print("No invoices yet.\n");
    }
    let mut table = Table::new(&[
        "ID", "NUMBER", "PERIOD", "STATUS", "TOTAL", "TAX", "CREATED",
    ]);
    for invoice in invoices {
        table.row(vec![
            invoice.id.to_string(),
            invoice.number.clone(),
            cell(invoice.period.as_deref()),
            invoice.status.clone(),
            format!("${:.2}", invoice.total),
            format!("${:.2}", invoice.tax),
            date_cell(invoice.created_at, invoice.created_at_unreadable.as_deref()),
        ]);
    }
    print(&table.render())
}

pub async fn show(session: &Session, id: u32, json: bool) -> Result<(), Failure> {
    let detail = session.client.invoice(id).await?;
    if json {
        return print_json(&detail);
    }
    let invoice = &detail.invoice;
    let mut text = key_values(&[
        ("Invoice", format!("{} (id {})", invoice.number, invoice.id)),
        ("Period", cell(invoice.period.as_deref())),
        ("Status", invoice.status.clone()),
        (
            "Created",
            date_cell(invoice.created_at, invoice.created_at_unreadable.as_deref()),
        ),
    ]);
    text.push('\n');
    if detail.lines.is_empty() {
        text.push_str("No lines on this invoice.\n");
    } else {
        let mut table = Table::new(&["REPORT KEY", "DESCRIPTION", "AMOUNT"]);
        for line in &detail.lines {
            table.row(vec![
                cell(line.report_key.as_deref()),
                line.description.clone(),
                format!("${:.2}", line.amount),
            ]);
        }
        text.push_str(&table.render());
    }
    text.push('\n');
    text.push_str(&key_values(&[
        ("Subtotal", format!("${:.2}", detail.subtotal)),
        ("Tax", format!("${:.2}", invoice.tax)),
        ("Total", format!("${:.2}", invoice.total)),
    ]));
    print(&text)
}
