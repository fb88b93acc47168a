-- 고객 지원: claims (취소·반품·교환), inquiries, reviews, and the buyer
-- outbox made general. Money is whole won, timestamps UTC milliseconds.

-- The item's current claim, so lists show 반품요청 … without a join and
-- purchase confirmation can refuse an item under claim.
ALTER TABLE order_items ADD COLUMN claim_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN claim_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE order_items ADD COLUMN claim_status TEXT NOT NULL DEFAULT '';

-- A claim on one order item, from the channel (or the seller's own cancel).
CREATE TABLE claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    order_item_id BIGINT NOT NULL REFERENCES order_items (id),
    channel TEXT NOT NULL,
    -- The channel's own id: the same request twice is one claim.
    channel_claim_id TEXT NOT NULL,
    request_hash TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('cancel', 'return', 'exchange')),
    status TEXT NOT NULL CHECK (status IN ('requested', 'collecting', 'collected', 'on_hold', 'completed', 'rejected', 'withdrawn')),
    -- 단순변심, 사이즈 안맞음, 상품불량, 오배송 … (claims::model::Reason)
    reason_code TEXT NOT NULL,
    reason_text TEXT NOT NULL DEFAULT '',
    fault TEXT NOT NULL CHECK (fault IN ('buyer', 'seller')),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    -- 교환: the option the buyer wants instead.
    exchange_variant_id BIGINT REFERENCES product_variants (id),
    exchange_option_text TEXT NOT NULL DEFAULT '',
    pickup_courier TEXT NOT NULL DEFAULT '',
    pickup_tracking TEXT NOT NULL DEFAULT '',
    reship_courier TEXT NOT NULL DEFAULT '',
    reship_tracking TEXT NOT NULL DEFAULT '',
    -- 반품: received damaged, so stock does not go back.
    damaged BIGINT NOT NULL DEFAULT 0,
    -- The refund as computed when the claim was completed (claims::refund).
    refund_product BIGINT NOT NULL DEFAULT 0,
    refund_shipping BIGINT NOT NULL DEFAULT 0,
    deduction BIGINT NOT NULL DEFAULT 0,
    refund_amount BIGINT NOT NULL DEFAULT 0,
    -- 교환: what the buyer pays (왕복 배송비) when at fault.
    charge_amount BIGINT NOT NULL DEFAULT 0,
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    -- Past it the claim is shown as overdue (처리기한).
    due_at BIGINT NOT NULL,
    requested_at BIGINT NOT NULL,
    resolved_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX claims_channel_key ON claims (channel, channel_claim_id);
-- At most one open claim per item.
CREATE UNIQUE INDEX claims_one_open ON claims (order_item_id) WHERE status IN ('requested', 'collecting', 'collected', 'on_hold');
CREATE INDEX claims_by_shop ON claims (shop_id, requested_at, id);
CREATE INDEX claims_by_kind_status ON claims (shop_id, kind, status, requested_at, id);
CREATE INDEX claims_of_item ON claims (order_item_id, id);

-- The claim's timeline.
CREATE TABLE claim_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    claim_id BIGINT NOT NULL REFERENCES claims (id),
    action TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX claim_events_of_claim ON claim_events (claim_id, id);

-- 상품문의 and 주문문의.
CREATE TABLE inquiries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    channel TEXT NOT NULL,
    channel_inquiry_id TEXT NOT NULL,
    request_hash TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('product', 'order')),
    product_id BIGINT NOT NULL REFERENCES products (id),
    order_item_id BIGINT REFERENCES order_items (id),
    buyer_name TEXT NOT NULL,
    -- 배송, 사이즈, 재입고, 상품, 교환·반품, 기타
    category TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    secret BIGINT NOT NULL DEFAULT 0,
    -- The current answer (the last of inquiry_answers); '' while unanswered.
    answer TEXT NOT NULL DEFAULT '',
    answered_at BIGINT NOT NULL DEFAULT 0,
    answered_by TEXT NOT NULL DEFAULT '',
    -- 답변기한: the end of the 2nd business day after the question.
    due_at BIGINT NOT NULL,
    asked_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX inquiries_channel_key ON inquiries (channel, channel_inquiry_id);
-- The inbox: unanswered first (answered_at = 0), then newest.
CREATE INDEX inquiries_inbox ON inquiries (shop_id, answered_at, asked_at, id);
CREATE INDEX inquiries_unanswered_due ON inquiries (shop_id, due_at) WHERE answered_at = 0;
CREATE INDEX inquiries_of_product ON inquiries (shop_id, product_id, asked_at, id);

-- Every answer and every edit of it: answers are never deleted.
CREATE TABLE inquiry_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    inquiry_id BIGINT NOT NULL REFERENCES inquiries (id),
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX inquiry_answers_of_inquiry ON inquiry_answers (inquiry_id, id);

-- 답변 템플릿 the shop keeps.
CREATE TABLE answer_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    deleted_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX answer_templates_of_shop ON answer_templates (shop_id, deleted_at, title, id);

-- 리뷰.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    channel TEXT NOT NULL,
    channel_review_id TEXT NOT NULL,
    request_hash TEXT NOT NULL DEFAULT '',
    product_id BIGINT NOT NULL REFERENCES products (id),
    order_item_id BIGINT REFERENCES order_items (id),
    option_text TEXT NOT NULL DEFAULT '',
    buyer_name TEXT NOT NULL,
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body TEXT NOT NULL,
    -- JSON array of photo URLs as the channel hosts them.
    photos TEXT NOT NULL DEFAULT '[]',
    photo_count BIGINT NOT NULL DEFAULT 0,
    reply TEXT NOT NULL DEFAULT '',
    replied_at BIGINT NOT NULL DEFAULT 0,
    replied_by TEXT NOT NULL DEFAULT '',
    reported_at BIGINT NOT NULL DEFAULT 0,
    report_reason TEXT NOT NULL DEFAULT '',
    best BIGINT NOT NULL DEFAULT 0,
    written_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX reviews_channel_key ON reviews (channel, channel_review_id);
CREATE INDEX reviews_by_shop ON reviews (shop_id, written_at, id);
CREATE INDEX reviews_by_rating ON reviews (shop_id, rating, written_at, id);
CREATE INDEX reviews_unreplied ON reviews (shop_id, replied_at, written_at, id);
CREATE INDEX reviews_of_product ON reviews (shop_id, product_id, rating);

-- The buyer outbox, made general: a message may be about an order item, a
-- claim or an inquiry (a 상품문의 has no order item). Rebuilt under a new
-- name and renamed, which both engines do inside the migration.
CREATE TABLE buyer_outbox_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    order_item_id BIGINT REFERENCES order_items (id),
    claim_id BIGINT REFERENCES claims (id),
    inquiry_id BIGINT REFERENCES inquiries (id),
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    to_phone TEXT NOT NULL DEFAULT '',
    to_email TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    -- How it went out: 'email' over SMTP or 'channel' (handed to the channel's
    -- own buyer messaging).
    via TEXT NOT NULL DEFAULT '',
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    -- Not tried again before this time (retry back-off).
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    -- A worker holds a message it is sending until this time; a worker that
    -- died lets it go when the lease runs out.
    locked_until BIGINT NOT NULL DEFAULT 0,
    locked_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO buyer_outbox_v2 (id, shop_id, order_item_id, channel, kind, to_phone, to_email, subject, body, status, attempts, last_error, created_at, sent_at)
    SELECT id, shop_id, order_item_id, channel, kind, to_phone, to_email, subject, body, status, attempts, last_error, created_at, sent_at FROM buyer_outbox;
DROP TABLE buyer_outbox;
ALTER TABLE buyer_outbox_v2 RENAME TO buyer_outbox;
CREATE INDEX buyer_outbox_due ON buyer_outbox (status, next_attempt_at, id);
CREATE INDEX buyer_outbox_of_shop ON buyer_outbox (shop_id, id);
CREATE INDEX buyer_outbox_of_item ON buyer_outbox (order_item_id, id);
CREATE INDEX buyer_outbox_of_claim ON buyer_outbox (claim_id, id);
CREATE INDEX buyer_outbox_of_inquiry ON buyer_outbox (inquiry_id, id);
