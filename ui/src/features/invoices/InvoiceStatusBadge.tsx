/** Paid / Due badge for an invoice status string. */
export function InvoiceStatusBadge({ status }: { status: string }) {
  const paid = status.toLowerCase() === "paid";
  return (
    <span
      className={`badge ${paid ? "tone-complete" : "tone-waiting"}`}
      data-testid="invoice-status"
    >
      {paid ? "Paid" : status.toLowerCase() === "due" ? "Due" : status}
    </span>
  );
}
