-- 상품 관리. Money is whole won, timestamps UTC milliseconds, flags 0/1.
-- Products and variants are never deleted outright (orders keep pointing at
-- them): `deleted_at` > 0 hides them everywhere.
CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    -- 상품관리코드: the seller's own code; spreadsheets match products by it.
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    list_price BIGINT NOT NULL CHECK (list_price >= 0),
    sale_price BIGINT NOT NULL CHECK (sale_price >= 0),
    description TEXT NOT NULL DEFAULT '',
    -- 품절 is set by stock changes alone (products::stock).
    status TEXT NOT NULL CHECK (status IN ('on_sale', 'sold_out', 'stopped', 'hidden')),
    -- Bit set of products::Channel.
    channels BIGINT NOT NULL DEFAULT 0,
    -- Option groups as JSON: [{"name":"색상","values":["블랙","아이보리"]}].
    option_groups TEXT NOT NULL DEFAULT '[]',
    shipping_fee BIGINT NOT NULL DEFAULT 0,
    free_shipping_over BIGINT NOT NULL DEFAULT 0,
    return_fee BIGINT NOT NULL DEFAULT 0,
    exchange_fee BIGINT NOT NULL DEFAULT 0,
    ship_from TEXT NOT NULL DEFAULT '',
    return_address TEXT NOT NULL DEFAULT '',
    -- Sum of the stock of active variants, kept by every stock change under
    -- the product's row lock: the list sorts by it and 품절 follows it.
    stock_total BIGINT NOT NULL DEFAULT 0 CHECK (stock_total >= 0),
    variant_count BIGINT NOT NULL DEFAULT 0,
    thumbnail TEXT NOT NULL DEFAULT '',
    deleted_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX products_code_key ON products (shop_id, code) WHERE deleted_at = 0;
-- One index per sort of the product list, each ending in id for the cursor.
CREATE INDEX products_by_id ON products (shop_id, deleted_at, id);
CREATE INDEX products_by_updated ON products (shop_id, deleted_at, updated_at, id);
CREATE INDEX products_by_name ON products (shop_id, deleted_at, name, id);
CREATE INDEX products_by_price ON products (shop_id, deleted_at, sale_price, id);
CREATE INDEX products_by_stock ON products (shop_id, deleted_at, stock_total, id);
CREATE INDEX products_by_status ON products (shop_id, deleted_at, status, id);
CREATE INDEX products_by_category ON products (shop_id, deleted_at, category, id);

CREATE TABLE product_variants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    product_id BIGINT NOT NULL REFERENCES products (id),
    position BIGINT NOT NULL,
    option1 TEXT NOT NULL DEFAULT '',
    option2 TEXT NOT NULL DEFAULT '',
    option3 TEXT NOT NULL DEFAULT '',
    sku TEXT NOT NULL,
    extra_price BIGINT NOT NULL DEFAULT 0,
    -- The last line of defence against overselling.
    stock BIGINT NOT NULL DEFAULT 0 CHECK (stock >= 0),
    low_stock_threshold BIGINT NOT NULL DEFAULT 0 CHECK (low_stock_threshold >= 0),
    active BIGINT NOT NULL DEFAULT 1,
    deleted_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX product_variants_sku_key ON product_variants (shop_id, sku) WHERE deleted_at = 0;
CREATE INDEX product_variants_of_product ON product_variants (product_id, deleted_at, position);
-- 재고 부족: few rows, found without reading the rest.
CREATE INDEX product_variants_low_stock ON product_variants (shop_id, product_id)
    WHERE deleted_at = 0 AND active = 1 AND low_stock_threshold > 0 AND stock <= low_stock_threshold;

-- Photos. product_id stays NULL from upload until the product is saved.
CREATE TABLE product_images (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    product_id BIGINT REFERENCES products (id),
    position BIGINT NOT NULL DEFAULT 0,
    file TEXT NOT NULL,
    thumb TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX product_images_of_product ON product_images (product_id, position);
CREATE INDEX product_images_of_shop ON product_images (shop_id, id);
