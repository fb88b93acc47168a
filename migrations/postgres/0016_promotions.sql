-- 프로모션: seller coupons (쿠폰), period discounts (기간할인) and the
-- platform's campaigns (기획전), with a daily rollup of their results.
-- Money is whole won, rates basis points (1000 = 10 %), timestamps UTC
-- milliseconds; days are KST day numbers, (millis + 9 h) / 1 day.

-- 쿠폰. Its state is read from the clock and `stopped`: 예정 before
-- starts_at, 진행중 until ends_at, 종료 after it (or ended early), 중지 while
-- paused. used_count is the redemptions that stand (given back on cancel);
-- intake raises it under the coupon's row lock, so the limit holds.
CREATE TABLE coupons (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    -- What the buyer types in the channel: A-Z, 0-9, '-' and '_', 3 to 30.
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    -- 'amount' (정액, `amount` won) or 'rate' (정률, `rate_bp`, at most `max_discount` won).
    kind TEXT NOT NULL CHECK (kind IN ('amount', 'rate')),
    amount BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
    rate_bp BIGINT NOT NULL DEFAULT 0 CHECK (rate_bp >= 0 AND rate_bp <= 10000),
    max_discount BIGINT NOT NULL DEFAULT 0 CHECK (max_discount >= 0),
    min_order BIGINT NOT NULL DEFAULT 0 CHECK (min_order >= 0),
    -- 'shop' (every product) or 'products' (those of coupon_products).
    scope TEXT NOT NULL CHECK (scope IN ('shop', 'products')),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    total_limit BIGINT NOT NULL CHECK (total_limit > 0),
    per_buyer_limit BIGINT NOT NULL CHECK (per_buyer_limit > 0),
    used_count BIGINT NOT NULL DEFAULT 0 CHECK (used_count >= 0),
    -- 비용 분담: the platform's share of each discount (0 = the seller bears it all).
    platform_share_bp BIGINT NOT NULL DEFAULT 0 CHECK (platform_share_bp >= 0 AND platform_share_bp <= 10000),
    -- '' running by the clock, 'paused' (중지, may resume) or 'ended' (종료 early, final).
    stopped TEXT NOT NULL DEFAULT '' CHECK (stopped IN ('', 'paused', 'ended')),
    stopped_at BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE UNIQUE INDEX coupons_code_key ON coupons (shop_id, code);
CREATE INDEX coupons_by_shop ON coupons (shop_id, id);

-- The products of a coupon whose scope is 'products'.
CREATE TABLE coupon_products (
    coupon_id BIGINT NOT NULL REFERENCES coupons (id),
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    PRIMARY KEY (coupon_id, product_id)
);

-- One use of a coupon by a buyer order (its items of the coupon's shop).
-- buyer_key is the buyer's phone digits: the per-buyer limit counts rows
-- with status 'used'. A cancel or full return of every item gives it back
-- ('released').
CREATE TABLE coupon_redemptions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coupon_id BIGINT NOT NULL REFERENCES coupons (id),
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    buyer_order_id BIGINT NOT NULL,
    order_no TEXT NOT NULL,
    channel TEXT NOT NULL,
    buyer_key TEXT NOT NULL,
    discount BIGINT NOT NULL CHECK (discount >= 0),
    seller_part BIGINT NOT NULL CHECK (seller_part >= 0),
    platform_part BIGINT NOT NULL CHECK (platform_part >= 0),
    status TEXT NOT NULL DEFAULT 'used' CHECK (status IN ('used', 'released')),
    day BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    released_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX coupon_redemptions_once ON coupon_redemptions (coupon_id, buyer_order_id);
CREATE INDEX coupon_redemptions_by_buyer ON coupon_redemptions (coupon_id, buyer_key, status);
CREATE INDEX coupon_redemptions_of_coupon ON coupon_redemptions (coupon_id, id);

-- 기간할인: a sale price for a product, or only some of its variants
-- (variant_ids, a JSON array; [] = all), from starts_at until ends_at. At
-- most one active per product at any moment (checked under the product's
-- lock when one is created).
CREATE TABLE period_discounts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    name TEXT NOT NULL DEFAULT '',
    variant_ids TEXT NOT NULL DEFAULT '[]',
    -- The base price during the period; variants keep their 옵션 추가금.
    sale_price BIGINT NOT NULL CHECK (sale_price > 0),
    -- The 판매가 when it was made, for the discount rate shown.
    regular_price BIGINT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX period_discounts_of_product ON period_discounts (product_id, status, starts_at);
CREATE INDEX period_discounts_by_shop ON period_discounts (shop_id, id);

-- 기획전: opened by the operator. Shops apply per product during the
-- application window; approved products sell at their campaign price
-- between starts_at and ends_at, and their sales carry commission_bp.
CREATE TABLE campaigns (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title TEXT NOT NULL,
    banner TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    apply_from BIGINT NOT NULL,
    apply_until BIGINT NOT NULL,
    -- Conditions: the least discount off the 판매가, the highest campaign
    -- price (0 = none), category prefixes (JSON array; [] = any).
    min_discount_bp BIGINT NOT NULL DEFAULT 0 CHECK (min_discount_bp >= 0 AND min_discount_bp <= 10000),
    max_price BIGINT NOT NULL DEFAULT 0 CHECK (max_price >= 0),
    categories TEXT NOT NULL DEFAULT '[]',
    commission_bp BIGINT NOT NULL CHECK (commission_bp >= 0 AND commission_bp <= 10000),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (apply_until > apply_from)
);
CREATE INDEX campaigns_by_start ON campaigns (starts_at, id);

-- A shop's product in a campaign, at the price it commits to.
CREATE TABLE campaign_applications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    campaign_price BIGINT NOT NULL CHECK (campaign_price > 0),
    regular_price BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    reason TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX campaign_applications_once ON campaign_applications (campaign_id, product_id);
CREATE INDEX campaign_applications_by_shop ON campaign_applications (shop_id, campaign_id, id);
CREATE INDEX campaign_applications_review ON campaign_applications (campaign_id, status, id);
CREATE INDEX campaign_applications_of_product ON campaign_applications (product_id, status);

-- What an order item owes to promotions, written by intake: the coupon and
-- its discount on this item (already inside seller_discount and
-- platform_discount, split by the coupon's share), the campaign whose price
-- it sold at with the campaign's commission rate (-1: none, the rate book
-- decides), and the period discount whose price it sold at.
ALTER TABLE order_items ADD COLUMN coupon_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN coupon_discount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN coupon_platform_part BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN campaign_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_items ADD COLUMN campaign_commission_bp BIGINT NOT NULL DEFAULT -1;
ALTER TABLE order_items ADD COLUMN period_discount_id BIGINT NOT NULL DEFAULT 0;

-- The same on the settlement line, so a statement shows its coupon lines
-- per promotion without reading the items again.
ALTER TABLE settlement_lines ADD COLUMN coupon_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settlement_lines ADD COLUMN coupon_seller_part BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settlement_lines ADD COLUMN coupon_platform_part BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settlement_lines ADD COLUMN campaign_id BIGINT NOT NULL DEFAULT 0;

-- 프로모션 성과, per promotion, shop and KST day, written in the
-- transactions that redeem or give back (intake, cancel, return): the
-- results page reads these rows, never the items.
-- kind 'coupon' | 'period' | 'campaign'; orders distinct buyer orders;
-- revenue 판매금액 − seller-borne discount; released counts redemptions
-- given back (their discount is taken off the day it was given back).
CREATE TABLE promotion_daily (
    kind TEXT NOT NULL CHECK (kind IN ('coupon', 'period', 'campaign')),
    promotion_id BIGINT NOT NULL,
    shop_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    orders BIGINT NOT NULL DEFAULT 0,
    units BIGINT NOT NULL DEFAULT 0,
    revenue BIGINT NOT NULL DEFAULT 0,
    seller_discount BIGINT NOT NULL DEFAULT 0,
    platform_discount BIGINT NOT NULL DEFAULT 0,
    redemptions BIGINT NOT NULL DEFAULT 0,
    released BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, promotion_id, shop_id, day)
);
