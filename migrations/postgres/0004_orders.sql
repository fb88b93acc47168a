-- 주문·배송 관리. Money is whole won, timestamps UTC milliseconds, flags 0/1.

-- How many business days a shop promises to ship within (발송기한).
ALTER TABLE shops ADD COLUMN ship_within_days BIGINT NOT NULL DEFAULT 3;

-- Clients of the Channel API and the carrier webhook. The secret is shown
-- once and kept only as its SHA-256.
CREATE TABLE api_clients (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'channel' (a sales channel) or 'carrier' (a courier or a tracking aggregator)
    kind TEXT NOT NULL CHECK (kind IN ('channel', 'carrier')),
    -- The channel code (zigzag …), the courier code (cj …) or '*' for an aggregator.
    scope TEXT NOT NULL,
    name TEXT NOT NULL,
    key_id TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX api_clients_key ON api_clients (key_id);

-- A buyer's order as a channel sent it: the idempotency record. Its items
-- may belong to several shops; each shop sees only its own order_items.
CREATE TABLE buyer_orders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel TEXT NOT NULL,
    channel_order_id TEXT NOT NULL,
    order_no TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the request as understood: a replay must match it.
    request_hash TEXT NOT NULL,
    response_json TEXT NOT NULL DEFAULT '',
    paid_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX buyer_orders_channel_key ON buyer_orders (channel, channel_order_id);

-- 상품주문: one line of a buyer order, of one shop. Buyer and recipient are
-- copied onto each line so that the order list reads one table.
CREATE TABLE order_items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    buyer_order_id BIGINT NOT NULL REFERENCES buyer_orders (id),
    order_no TEXT NOT NULL,
    channel TEXT NOT NULL,
    channel_order_id TEXT NOT NULL,
    channel_item_id TEXT NOT NULL,
    product_id BIGINT NOT NULL REFERENCES products (id),
    variant_id BIGINT NOT NULL REFERENCES product_variants (id),
    product_name TEXT NOT NULL,
    option_text TEXT NOT NULL DEFAULT '',
    sku TEXT NOT NULL DEFAULT '',
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    unit_price BIGINT NOT NULL CHECK (unit_price >= 0),
    option_price BIGINT NOT NULL DEFAULT 0 CHECK (option_price >= 0),
    seller_discount BIGINT NOT NULL DEFAULT 0 CHECK (seller_discount >= 0),
    platform_discount BIGINT NOT NULL DEFAULT 0 CHECK (platform_discount >= 0),
    shipping_fee BIGINT NOT NULL DEFAULT 0 CHECK (shipping_fee >= 0),
    payment_method TEXT NOT NULL,
    buyer_name TEXT NOT NULL,
    -- Phones are kept as digits only, so a search by any spelling finds them.
    buyer_phone TEXT NOT NULL,
    buyer_email TEXT NOT NULL DEFAULT '',
    recipient_name TEXT NOT NULL,
    recipient_phone TEXT NOT NULL,
    postcode TEXT NOT NULL,
    address TEXT NOT NULL,
    address_detail TEXT NOT NULL DEFAULT '',
    delivery_note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('paid', 'confirmed', 'shipped', 'delivered', 'purchase_confirmed', 'cancelled')),
    paid_at BIGINT NOT NULL,
    -- 발송기한: end of the N-th Korean business day after payment.
    ship_by BIGINT NOT NULL,
    delayed BIGINT NOT NULL DEFAULT 0,
    delay_reason TEXT NOT NULL DEFAULT '',
    confirmed_at BIGINT NOT NULL DEFAULT 0,
    shipped_at BIGINT NOT NULL DEFAULT 0,
    delivered_at BIGINT NOT NULL DEFAULT 0,
    purchase_confirmed_at BIGINT NOT NULL DEFAULT 0,
    cancelled_at BIGINT NOT NULL DEFAULT 0,
    cancel_reason TEXT NOT NULL DEFAULT '',
    courier TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX order_items_channel_key ON order_items (buyer_order_id, channel_item_id);
-- The list: newest payment first, per tab or across tabs, cursor (paid_at, id).
CREATE INDEX order_items_by_paid ON order_items (shop_id, paid_at, id);
CREATE INDEX order_items_by_status ON order_items (shop_id, status, paid_at, id);
-- Searches that must not scan the shop.
CREATE INDEX order_items_by_order_no ON order_items (shop_id, order_no);
CREATE INDEX order_items_by_buyer ON order_items (shop_id, buyer_name);
CREATE INDEX order_items_by_recipient ON order_items (shop_id, recipient_name);
CREATE INDEX order_items_by_buyer_phone ON order_items (shop_id, buyer_phone);
CREATE INDEX order_items_by_recipient_phone ON order_items (shop_id, recipient_phone);
-- 발송지연: open items past their deadline.
CREATE INDEX order_items_by_deadline ON order_items (shop_id, status, ship_by);
-- The carrier webhook finds items by their waybill.
CREATE INDEX order_items_by_tracking ON order_items (tracking_number, courier) WHERE tracking_number <> '';
-- 자동 구매확정 across shops.
CREATE INDEX order_items_delivered ON order_items (status, delivered_at);

-- Every change of an item: the order's history and the channel's update feed.
CREATE TABLE order_item_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    order_item_id BIGINT NOT NULL REFERENCES order_items (id),
    channel TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    -- Who: a member's e-mail, 'channel:zigzag', 'carrier:cj' or 'system'.
    actor TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX order_item_events_of_item ON order_item_events (order_item_id, id);
CREATE INDEX order_item_events_by_channel ON order_item_events (channel, id);

-- Delivery progress as carriers report it.
CREATE TABLE delivery_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    courier TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    status TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    occurred_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX delivery_events_by_tracking ON delivery_events (tracking_number, courier, id);

-- Messages to buyers (발송지연 안내 …), delivered by the outbox worker.
CREATE TABLE buyer_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    order_item_id BIGINT NOT NULL REFERENCES order_items (id),
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    to_phone TEXT NOT NULL DEFAULT '',
    to_email TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX buyer_outbox_status ON buyer_outbox (status, id);
CREATE INDEX buyer_outbox_of_item ON buyer_outbox (order_item_id, id);
