-- Sign-up squatting and the carrier webhook (issue 17, items 4 and 5).

-- A 사업자등록번호 is held only by an application whose owner proved the
-- e-mail address (or a shop already reviewed): unverified duplicates may
-- wait side by side, and the first to verify takes the number.
ALTER TABLE shops ADD COLUMN number_verified BIGINT NOT NULL DEFAULT 0;
UPDATE shops SET number_verified = 1
 WHERE status <> 'pending_review'
    OR EXISTS (SELECT 1 FROM shop_members m JOIN users u ON u.id = m.user_id
                WHERE m.shop_id = shops.id AND m.role = 'owner' AND u.email_verified_at > 0);
DROP INDEX shops_business_number_key;
CREATE UNIQUE INDEX shops_business_number_key ON shops (business_number) WHERE number_verified = 1;
-- The purge of unverified applications older than 48 hours.
CREATE INDEX shops_unverified ON shops (created_at) WHERE number_verified = 0;

-- Sign-up attempts per e-mail address and per client address, for the rate limit.
CREATE TABLE signup_attempts (
    throttle_key TEXT NOT NULL,
    attempted_at BIGINT NOT NULL
);
CREATE INDEX signup_attempts_key ON signup_attempts (throttle_key, attempted_at);

-- Signatures of carrier webhook calls seen within the signing window: a
-- replayed call is refused on every instance.
CREATE TABLE carrier_signatures (
    signature TEXT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
CREATE INDEX carrier_signatures_seen ON carrier_signatures (seen_at);

-- Which shop a waybill (courier, 송장번호) belongs to while its parcel is on
-- the way: another shop cannot ship under it until that shop's items left
-- 배송중.
CREATE TABLE waybills (
    courier TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (courier, tracking_number)
);
INSERT INTO waybills (courier, tracking_number, shop_id, updated_at)
SELECT courier, tracking_number, MIN(shop_id), MAX(shipped_at) FROM order_items
 WHERE status = 'shipped' AND tracking_number <> '' GROUP BY courier, tracking_number;

-- A delivery event belongs to the shop whose parcel it reports.
ALTER TABLE delivery_events ADD COLUMN shop_id BIGINT NOT NULL DEFAULT 0;
UPDATE delivery_events SET shop_id = (
    SELECT MIN(i.shop_id) FROM order_items i
     WHERE i.courier = delivery_events.courier AND i.tracking_number = delivery_events.tracking_number)
 WHERE (SELECT COUNT(DISTINCT i.shop_id) FROM order_items i
         WHERE i.courier = delivery_events.courier AND i.tracking_number = delivery_events.tracking_number) = 1;
CREATE INDEX delivery_events_of_shop ON delivery_events (shop_id, tracking_number, courier, id);

-- The carrier webhook's signing secret, one per carrier key (shown once with
-- the key). Keys issued before have none and must be issued anew: an empty
-- secret verifies no signature.
ALTER TABLE api_clients ADD COLUMN signing_secret TEXT NOT NULL DEFAULT '';
