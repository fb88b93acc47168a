-- Shops (파트너 상점). Timestamps are UTC milliseconds.
CREATE TABLE shops (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    representative_name TEXT NOT NULL,
    business_number TEXT NOT NULL,
    mail_order_number TEXT NOT NULL DEFAULT '',
    business_address TEXT NOT NULL DEFAULT '',
    cs_phone TEXT NOT NULL DEFAULT '',
    cs_email TEXT NOT NULL DEFAULT '',
    cs_hours TEXT NOT NULL DEFAULT '',
    introduction TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending_review'
        CHECK (status IN ('pending_review', 'approved', 'rejected', 'suspended')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX shops_business_number_key ON shops (business_number);
