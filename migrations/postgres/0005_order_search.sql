-- Search by product name: the shop's products matching the fragment are few,
-- their items are found through this index (a LIKE over the items' own
-- copies of the name would read every item of the shop).
CREATE INDEX order_items_by_product ON order_items (shop_id, product_id, paid_at, id);
