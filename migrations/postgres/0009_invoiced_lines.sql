-- Which tax invoice carries a settlement line's fees: 0 while none does
-- yet, -1 when its month had nothing to invoice (fees refunded beyond what
-- was charged). A month's invoice takes every line not invoiced yet up to
-- the month's end, so a line settled late — after its own month's invoice —
-- goes on the next invoice instead of on none.
ALTER TABLE settlement_lines ADD COLUMN invoice_id BIGINT NOT NULL DEFAULT 0;

-- Lines of months invoiced already belong to those invoices.
UPDATE settlement_lines l SET invoice_id = t.id
FROM tax_invoices t
WHERE t.shop_id = l.shop_id
  AND t.month = to_char(to_timestamp((l.confirmed_at + 32400000) / 1000) AT TIME ZONE 'UTC', 'YYYY-MM');

-- The run looks for lines of finished months not invoiced yet: with every
-- month invoiced these indexes hold only the running month's lines.
CREATE INDEX settlement_lines_uninvoiced ON settlement_lines (confirmed_at, shop_id) WHERE invoice_id = 0;
CREATE INDEX settlement_lines_uninvoiced_by_shop ON settlement_lines (shop_id, confirmed_at) WHERE invoice_id = 0;
