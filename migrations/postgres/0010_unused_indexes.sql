-- Indexes nothing reads any more, each a write on every insert:
-- the sales dashboard counts cancellations from sales_rollup (0008), and
-- tax invoices find their lines on the invoice_id = 0 partial indexes (0009).
DROP INDEX IF EXISTS order_items_cancelled;
DROP INDEX IF EXISTS settlement_lines_by_confirmed;
