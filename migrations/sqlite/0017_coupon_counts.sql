-- A coupon's counts follow its redemptions. Intake inserts a redemption only
-- while the coupon is within its total and the buyer within theirs (one
-- statement, under the write lock intake holds); a cancel or full return
-- turns it 'released'. The coupon's used_count and its promotion_daily row
-- of the day move with it, here. A redemption keeps what it counts there:
-- its items' units and revenue (판매금액 less the seller's discounts, the
-- coupon's seller part included).
ALTER TABLE coupon_redemptions ADD COLUMN units BIGINT NOT NULL DEFAULT 0;
ALTER TABLE coupon_redemptions ADD COLUMN revenue BIGINT NOT NULL DEFAULT 0;

CREATE TRIGGER coupon_redemption_insert AFTER INSERT ON coupon_redemptions
WHEN NEW.status = 'used'
BEGIN
    UPDATE coupons SET used_count = used_count + 1 WHERE id = NEW.coupon_id;
    INSERT INTO promotion_daily (kind, promotion_id, shop_id, day, orders, units, revenue, seller_discount,
                                 platform_discount, redemptions, released)
    VALUES ('coupon', NEW.coupon_id, NEW.shop_id, NEW.day, 1, NEW.units, NEW.revenue, NEW.seller_part,
            NEW.platform_part, 1, 0)
    ON CONFLICT (kind, promotion_id, shop_id, day) DO UPDATE SET
        orders = promotion_daily.orders + 1, units = promotion_daily.units + excluded.units,
        revenue = promotion_daily.revenue + excluded.revenue,
        seller_discount = promotion_daily.seller_discount + excluded.seller_discount,
        platform_discount = promotion_daily.platform_discount + excluded.platform_discount,
        redemptions = promotion_daily.redemptions + 1;
END;

-- Given back: the coupon may be used once more, and the day of the release
-- (KST) takes its discount off and counts the release.
CREATE TRIGGER coupon_redemption_release AFTER UPDATE OF status ON coupon_redemptions
WHEN OLD.status = 'used' AND NEW.status = 'released'
BEGIN
    UPDATE coupons SET used_count = used_count - 1 WHERE id = NEW.coupon_id AND used_count > 0;
    INSERT INTO promotion_daily (kind, promotion_id, shop_id, day, seller_discount, platform_discount, released)
    VALUES ('coupon', NEW.coupon_id, NEW.shop_id, (NEW.released_at + 32400000) / 86400000, -NEW.seller_part,
            -NEW.platform_part, 1)
    ON CONFLICT (kind, promotion_id, shop_id, day) DO UPDATE SET
        seller_discount = promotion_daily.seller_discount + excluded.seller_discount,
        platform_discount = promotion_daily.platform_discount + excluded.platform_discount,
        released = promotion_daily.released + 1;
END;
