-- 정산 관리: commission rates, settlement lines and statements, tax invoices.
-- Money is whole won; rates are basis points (1050 = 10.50 %) so no
-- fractional number is ever stored; timestamps UTC milliseconds; dates that
-- are Korean calendar days are TEXT 'YYYY-MM-DD' in Asia/Seoul.

-- 업태·종목 of the shop, printed on its tax invoices.
ALTER TABLE shops ADD COLUMN business_type TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN business_item TEXT NOT NULL DEFAULT '';
-- 정산주기: statements are paid on the N-th business day after confirmation.
ALTER TABLE shops ADD COLUMN payout_after_days BIGINT NOT NULL DEFAULT 5;

-- Commission (판매수수료) and payment fee (결제수수료) rates, set by the
-- operator per channel, for one shop (shop_id) or as the platform default
-- (shop_id 0), from a moment on. The rate of an item is the newest row in
-- effect at its payment; rows are never edited, a change is a new row.
CREATE TABLE commission_rates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL DEFAULT 0,
    channel TEXT NOT NULL,
    commission_bp BIGINT NOT NULL CHECK (commission_bp >= 0 AND commission_bp <= 10000),
    payment_fee_bp BIGINT NOT NULL CHECK (payment_fee_bp >= 0 AND payment_fee_bp <= 10000),
    effective_from BIGINT NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX commission_rates_lookup ON commission_rates (shop_id, channel, effective_from, id);
-- The platform's standard rates, in force from the start.
INSERT INTO commission_rates (shop_id, channel, commission_bp, payment_fee_bp, effective_from, memo, created_by, created_at)
VALUES (0, 'zigzag', 1050, 330, 0, '플랫폼 기본 수수료', 'system', 0),
       (0, 'fashionbykakao', 900, 330, 0, '플랫폼 기본 수수료', 'system', 0),
       (0, 'posty', 550, 330, 0, '플랫폼 기본 수수료', 'system', 0);

-- 정산서: one per shop and Korean day of confirmation, paid on pay_date.
-- Totals are kept for the list, and are always the sum of the lines
-- (written in the same transaction as the lines they sum).
CREATE TABLE settlement_statements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    settle_date TEXT NOT NULL,
    pay_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'paid')),
    hold_reason TEXT NOT NULL DEFAULT '',
    line_count BIGINT NOT NULL DEFAULT 0,
    sale_amount BIGINT NOT NULL DEFAULT 0,
    seller_discount BIGINT NOT NULL DEFAULT 0,
    shipping_fee BIGINT NOT NULL DEFAULT 0,
    commission BIGINT NOT NULL DEFAULT 0,
    payment_fee BIGINT NOT NULL DEFAULT 0,
    claim_amount BIGINT NOT NULL DEFAULT 0,
    adjustment BIGINT NOT NULL DEFAULT 0,
    net_payout BIGINT NOT NULL DEFAULT 0,
    paid_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX settlement_statements_day ON settlement_statements (shop_id, settle_date);
CREATE INDEX settlement_statements_by_pay ON settlement_statements (shop_id, pay_date, id);
CREATE INDEX settlement_statements_due ON settlement_statements (status, pay_date);

-- 정산 항목. kind 'sale': an item's purchase confirmation (one per item);
-- 'claim': what a completed claim leaves the seller (buyer-paid return
-- shipping kept, or seller-borne pickup); 'adjustment': a correction made
-- after its statement was paid, carried by a later statement.
CREATE TABLE settlement_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    statement_id BIGINT NOT NULL REFERENCES settlement_statements (id),
    kind TEXT NOT NULL CHECK (kind IN ('sale', 'claim', 'adjustment')),
    -- 'sale:<item id>', 'claim:<claim id>' or 'adjustment:<uuid>': the same
    -- event settled twice is one line.
    source_key TEXT NOT NULL,
    order_item_id BIGINT NOT NULL DEFAULT 0,
    claim_id BIGINT NOT NULL DEFAULT 0,
    order_no TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    product_name TEXT NOT NULL DEFAULT '',
    option_text TEXT NOT NULL DEFAULT '',
    quantity BIGINT NOT NULL DEFAULT 0,
    payment_method TEXT NOT NULL DEFAULT '',
    paid_at BIGINT NOT NULL DEFAULT 0,
    confirmed_at BIGINT NOT NULL,
    sale_amount BIGINT NOT NULL DEFAULT 0,
    seller_discount BIGINT NOT NULL DEFAULT 0,
    platform_discount BIGINT NOT NULL DEFAULT 0,
    shipping_fee BIGINT NOT NULL DEFAULT 0,
    commission_bp BIGINT NOT NULL DEFAULT 0,
    commission BIGINT NOT NULL DEFAULT 0,
    payment_fee_bp BIGINT NOT NULL DEFAULT 0,
    payment_fee BIGINT NOT NULL DEFAULT 0,
    claim_amount BIGINT NOT NULL DEFAULT 0,
    adjustment BIGINT NOT NULL DEFAULT 0,
    net_payout BIGINT NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT 'system',
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX settlement_lines_source ON settlement_lines (source_key);
CREATE INDEX settlement_lines_of_statement ON settlement_lines (statement_id, id);
-- Tax invoices and VAT data read a shop's month by confirmation time.
CREATE INDEX settlement_lines_by_confirmed ON settlement_lines (shop_id, confirmed_at);

-- 세금계산서: the platform's monthly invoice to the shop for its commission
-- and fees. Parties are copied as they were when it was written.
CREATE TABLE tax_invoices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    month TEXT NOT NULL,
    approval_no TEXT NOT NULL,
    write_date TEXT NOT NULL,
    supplier_json TEXT NOT NULL,
    buyer_json TEXT NOT NULL,
    items_json TEXT NOT NULL,
    supply_value BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    total BIGINT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('receipt', 'claim')),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX tax_invoices_month ON tax_invoices (shop_id, month);

-- The settlement run's work: confirmed items and completed claims not yet
-- on a line. settled_at is set in the transaction that writes the line.
ALTER TABLE order_items ADD COLUMN settled_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX order_items_unsettled ON order_items (purchase_confirmed_at, id)
    WHERE status = 'purchase_confirmed' AND settled_at = 0;
ALTER TABLE claims ADD COLUMN settled_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX claims_unsettled ON claims (resolved_at, id) WHERE status = 'completed' AND settled_at = 0;

-- 매출 현황: the cancellations of a period, a short range scan per shop.
CREATE INDEX order_items_cancelled ON order_items (shop_id, cancelled_at) WHERE cancelled_at > 0;
