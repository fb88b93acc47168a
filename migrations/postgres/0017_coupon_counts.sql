-- A coupon's counts follow its redemptions. Intake inserts a redemption when
-- its snapshot finds the coupon within its total and the buyer within
-- theirs, without a lock; a cancel or full return turns it 'released'. The
-- coupon's used_count and its promotion_daily row of the day move with it,
-- here. A redemption keeps what it counts there: its items' units and
-- revenue (판매금액 less the seller's discounts, the coupon's seller part
-- included).
--
-- The limits hold at the commit: the insert's trigger is deferred, so the
-- coupon's row is locked only from the commit's start to its end — every
-- redeemer of a coupon waits on that lock, and held from the insert to the
-- commit it made a coupon cost intake 120 % (bench promotions). Under the
-- lock the count is raised only below the total (read again on the newest
-- row), and the buyer's redemptions are counted in a snapshot of their own
-- (a statement of a volatile function, READ COMMITTED): every redemption
-- committed before is in it. Either refusal fails the commit with its code
-- as the message (`AppError::from`). Locks: the coupon row, then the daily
-- row.
ALTER TABLE coupon_redemptions ADD COLUMN units BIGINT NOT NULL DEFAULT 0;
ALTER TABLE coupon_redemptions ADD COLUMN revenue BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION coupon_redemption_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    per_buyer BIGINT;
    total BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE coupons SET used_count = used_count + 1 WHERE id = NEW.coupon_id AND used_count < total_limit
        RETURNING per_buyer_limit, total_limit INTO per_buyer, total;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'coupon_exhausted';
        END IF;
        IF per_buyer < total AND (SELECT COUNT(*) FROM coupon_redemptions
                                  WHERE coupon_id = NEW.coupon_id AND buyer_key = NEW.buyer_key
                                    AND status = 'used') > per_buyer THEN
            RAISE EXCEPTION 'coupon_buyer_limit';
        END IF;
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
    ELSE
        -- Given back: the coupon may be used once more, and the day of the
        -- release (KST) takes its discount off and counts the release.
        UPDATE coupons SET used_count = used_count - 1 WHERE id = NEW.coupon_id AND used_count > 0;
        INSERT INTO promotion_daily (kind, promotion_id, shop_id, day, seller_discount, platform_discount, released)
        VALUES ('coupon', NEW.coupon_id, NEW.shop_id, (NEW.released_at + 32400000) / 86400000, -NEW.seller_part,
                -NEW.platform_part, 1)
        ON CONFLICT (kind, promotion_id, shop_id, day) DO UPDATE SET
            seller_discount = promotion_daily.seller_discount + excluded.seller_discount,
            platform_discount = promotion_daily.platform_discount + excluded.platform_discount,
            released = promotion_daily.released + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER coupon_redemption_insert AFTER INSERT ON coupon_redemptions
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (NEW.status = 'used') EXECUTE FUNCTION coupon_redemption_counts();
CREATE TRIGGER coupon_redemption_release AFTER UPDATE OF status ON coupon_redemptions
FOR EACH ROW WHEN (OLD.status = 'used' AND NEW.status = 'released') EXECUTE FUNCTION coupon_redemption_counts();
