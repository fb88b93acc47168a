-- 매출 현황: a daily rollup of a shop's sales, cancellations and refunds, so
-- the report reads a few hundred rows instead of every item of the period.
-- Days are KST day numbers, (millis + 9 h) / 1 day, as sales::ssr computes.
--
-- dim 'channel'  group_key channel code  by day of payment
--     'product'  group_key product id    label the largest item product_name
--     'category' group_key category path (the product's category when sold)
--     'cancel'   group_key ''            by day of cancelled_at (status 'cancelled', cancelled_at > 0)
--     'refund'   group_key ''            by day of resolved_at (completed 'return' claims)
-- revenue is 판매금액 (seller's sale amount) or, for refund, refund_amount;
-- orders is the number of distinct buyer orders of the group that day (an
-- order has one channel and one payment moment, so sums over days and
-- groups stay exact), or for cancel/refund the number of items/claims;
-- units is the quantity.
--
-- Kept by the triggers below, in the transaction of whatever changes an item
-- or a claim: an order counts once in a group, for the item of the group with
-- the smallest id. paid_at, channel, product_id, shop_id and buyer_order_id of
-- an item never change after intake and are not followed; sales::ssr::rebuild
-- recomputes everything from the rows.
CREATE TABLE sales_rollup (
    shop_id BIGINT NOT NULL,
    dim TEXT NOT NULL CHECK (dim IN ('channel', 'product', 'category', 'cancel', 'refund')),
    day BIGINT NOT NULL,
    group_key TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    revenue BIGINT NOT NULL DEFAULT 0,
    orders BIGINT NOT NULL DEFAULT 0,
    units BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (shop_id, dim, day, group_key)
) WITHOUT ROWID;

-- Backfill: the same statements as sales::ssr::rebuild.
INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
SELECT shop_id, 'channel', (paid_at + 32400000) / 86400000, channel, '',
       SUM((unit_price + option_price) * quantity - seller_discount), COUNT(DISTINCT buyer_order_id), SUM(quantity)
FROM order_items GROUP BY shop_id, (paid_at + 32400000) / 86400000, channel;
INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
SELECT shop_id, 'product', (paid_at + 32400000) / 86400000, CAST(product_id AS TEXT), MAX(product_name),
       SUM((unit_price + option_price) * quantity - seller_discount), COUNT(DISTINCT buyer_order_id), SUM(quantity)
FROM order_items GROUP BY shop_id, (paid_at + 32400000) / 86400000, product_id;
INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
SELECT i.shop_id, 'category', (i.paid_at + 32400000) / 86400000, p.category, '',
       SUM((i.unit_price + i.option_price) * i.quantity - i.seller_discount), COUNT(DISTINCT i.buyer_order_id),
       SUM(i.quantity)
FROM order_items i JOIN products p ON p.id = i.product_id
GROUP BY i.shop_id, (i.paid_at + 32400000) / 86400000, p.category;
INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
SELECT shop_id, 'cancel', (cancelled_at + 32400000) / 86400000, '', '',
       SUM((unit_price + option_price) * quantity - seller_discount), COUNT(*), SUM(quantity)
FROM order_items WHERE status = 'cancelled' AND cancelled_at > 0
GROUP BY shop_id, (cancelled_at + 32400000) / 86400000;
INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
SELECT shop_id, 'refund', (resolved_at + 32400000) / 86400000, '', '', SUM(refund_amount), COUNT(*), SUM(quantity)
FROM claims WHERE kind = 'return' AND status = 'completed'
GROUP BY shop_id, (resolved_at + 32400000) / 86400000;

-- A new item: its sale, and its cancellation if it arrives cancelled. The
-- order's other items are found on (buyer_order_id, …), named with INDEXED BY:
-- left to itself the planner may walk the shop's or the ids' range instead,
-- which costs milliseconds per item once a shop has many.
CREATE TRIGGER sales_rollup_item_insert AFTER INSERT ON order_items
BEGIN
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    VALUES (NEW.shop_id, 'channel', (NEW.paid_at + 32400000) / 86400000, NEW.channel, '',
            (NEW.unit_price + NEW.option_price) * NEW.quantity - NEW.seller_discount,
            CASE WHEN EXISTS (SELECT 1 FROM order_items o INDEXED BY order_items_channel_key
                              WHERE o.buyer_order_id = NEW.buyer_order_id AND o.id < NEW.id AND o.shop_id = NEW.shop_id
                                AND o.channel = NEW.channel
                                AND (o.paid_at + 32400000) / 86400000 = (NEW.paid_at + 32400000) / 86400000)
                 THEN 0 ELSE 1 END,
            NEW.quantity)
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units;
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    VALUES (NEW.shop_id, 'product', (NEW.paid_at + 32400000) / 86400000, CAST(NEW.product_id AS TEXT), NEW.product_name,
            (NEW.unit_price + NEW.option_price) * NEW.quantity - NEW.seller_discount,
            CASE WHEN EXISTS (SELECT 1 FROM order_items o INDEXED BY order_items_channel_key
                              WHERE o.buyer_order_id = NEW.buyer_order_id AND o.id < NEW.id AND o.shop_id = NEW.shop_id
                                AND o.product_id = NEW.product_id
                                AND (o.paid_at + 32400000) / 86400000 = (NEW.paid_at + 32400000) / 86400000)
                 THEN 0 ELSE 1 END,
            NEW.quantity)
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units,
        label = CASE WHEN excluded.label > sales_rollup.label THEN excluded.label ELSE sales_rollup.label END;
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    SELECT NEW.shop_id, 'category', (NEW.paid_at + 32400000) / 86400000, p.category, '',
           (NEW.unit_price + NEW.option_price) * NEW.quantity - NEW.seller_discount,
           CASE WHEN EXISTS (SELECT 1 FROM order_items o INDEXED BY order_items_channel_key
                             JOIN products op ON op.id = o.product_id
                             WHERE o.buyer_order_id = NEW.buyer_order_id AND o.id < NEW.id AND o.shop_id = NEW.shop_id
                               AND op.category = p.category
                               AND (o.paid_at + 32400000) / 86400000 = (NEW.paid_at + 32400000) / 86400000)
                THEN 0 ELSE 1 END,
           NEW.quantity
    FROM products p WHERE p.id = NEW.product_id
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units;
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    SELECT NEW.shop_id, 'cancel', (NEW.cancelled_at + 32400000) / 86400000, '', '',
           (NEW.unit_price + NEW.option_price) * NEW.quantity - NEW.seller_discount, 1, NEW.quantity
    WHERE NEW.status = 'cancelled' AND NEW.cancelled_at > 0
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units;
END;

-- A cancellation (or its time, or the amounts of a cancelled item): the old
-- state taken out, the new one put in.
CREATE TRIGGER sales_rollup_item_cancel
AFTER UPDATE OF status, cancelled_at, quantity, unit_price, option_price, seller_discount ON order_items
WHEN (OLD.status = 'cancelled' AND OLD.cancelled_at > 0) OR (NEW.status = 'cancelled' AND NEW.cancelled_at > 0)
BEGIN
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    SELECT OLD.shop_id, 'cancel', (OLD.cancelled_at + 32400000) / 86400000, '', '',
           -((OLD.unit_price + OLD.option_price) * OLD.quantity - OLD.seller_discount), -1, -OLD.quantity
    WHERE OLD.status = 'cancelled' AND OLD.cancelled_at > 0
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units;
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    SELECT NEW.shop_id, 'cancel', (NEW.cancelled_at + 32400000) / 86400000, '', '',
           (NEW.unit_price + NEW.option_price) * NEW.quantity - NEW.seller_discount, 1, NEW.quantity
    WHERE NEW.status = 'cancelled' AND NEW.cancelled_at > 0
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units;
END;

-- Amounts of a sold item changed (no screen does it; kept for correctness):
-- the difference, in the groups of the item (the category as it is now).
CREATE TRIGGER sales_rollup_item_amounts
AFTER UPDATE OF quantity, unit_price, option_price, seller_discount ON order_items
WHEN OLD.quantity <> NEW.quantity OR OLD.unit_price <> NEW.unit_price OR OLD.option_price <> NEW.option_price
  OR OLD.seller_discount <> NEW.seller_discount
BEGIN
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    SELECT NEW.shop_id, d.dim, (NEW.paid_at + 32400000) / 86400000, d.group_key, '',
           ((NEW.unit_price + NEW.option_price) * NEW.quantity - NEW.seller_discount)
             - ((OLD.unit_price + OLD.option_price) * OLD.quantity - OLD.seller_discount),
           0, NEW.quantity - OLD.quantity
    FROM (SELECT 'channel' AS dim, NEW.channel AS group_key
          UNION ALL SELECT 'product', CAST(NEW.product_id AS TEXT)
          UNION ALL SELECT 'category', category FROM products WHERE id = NEW.product_id) d
    WHERE true
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        units = sales_rollup.units + excluded.units;
END;

-- Completed returns: a new claim, or one whose state, amount or time changed.
CREATE TRIGGER sales_rollup_claim_insert AFTER INSERT ON claims
WHEN NEW.kind = 'return' AND NEW.status = 'completed'
BEGIN
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    VALUES (NEW.shop_id, 'refund', (NEW.resolved_at + 32400000) / 86400000, '', '', NEW.refund_amount, 1, NEW.quantity)
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units;
END;

CREATE TRIGGER sales_rollup_claim_update AFTER UPDATE OF kind, status, refund_amount, resolved_at, quantity ON claims
WHEN (OLD.kind = 'return' AND OLD.status = 'completed') OR (NEW.kind = 'return' AND NEW.status = 'completed')
BEGIN
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    SELECT OLD.shop_id, 'refund', (OLD.resolved_at + 32400000) / 86400000, '', '', -OLD.refund_amount, -1, -OLD.quantity
    WHERE OLD.kind = 'return' AND OLD.status = 'completed'
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units;
    INSERT INTO sales_rollup (shop_id, dim, day, group_key, label, revenue, orders, units)
    SELECT NEW.shop_id, 'refund', (NEW.resolved_at + 32400000) / 86400000, '', '', NEW.refund_amount, 1, NEW.quantity
    WHERE NEW.kind = 'return' AND NEW.status = 'completed'
    ON CONFLICT (shop_id, dim, day, group_key) DO UPDATE SET revenue = sales_rollup.revenue + excluded.revenue,
        orders = sales_rollup.orders + excluded.orders, units = sales_rollup.units + excluded.units;
END;
