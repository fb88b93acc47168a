-- 정산 계좌 변경 후 지급 보류: until when (UTC millis) the shop's payouts
-- wait after its payout account was changed; 0 when they do not.
ALTER TABLE shops ADD COLUMN payout_hold_until BIGINT NOT NULL DEFAULT 0;
-- Holds the settlement run puts on by itself ('' for the operator's own):
-- 'payout_change' lifts at held_until, 'suspended' when the shop is no
-- longer suspended.
ALTER TABLE settlement_statements ADD COLUMN auto_hold TEXT NOT NULL DEFAULT '';
ALTER TABLE settlement_statements ADD COLUMN held_until BIGINT NOT NULL DEFAULT 0;
