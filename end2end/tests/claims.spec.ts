import type { APIRequestContext, Page } from "@playwright/test";
import { test, expect, hydrated, expectNoHorizontalOverflow, signIn } from "./fixtures";
import {
  bearer,
  deliver,
  demoKeys,
  placeOrder,
  stockOf,
  tabCount,
  uniqueId as channelOrderId,
  variantWithStock,
} from "./channel";
import type { DemoKeys, Placed } from "./channel";

const won = (n: number) => `${n.toLocaleString("en-US")}원`;
/** The won amount a cell shows ("-3,000원" → -3000). */
const wonOf = (text: string | null) => {
  const t = (text ?? "").trim();
  expect(t, "an amount in won").toMatch(/^-?[0-9,]+원$/);
  return Number(t.replace(/[^0-9-]/g, ""));
};

test("a return requested through the Channel API appears live; 수거, 수거완료 and 승인 refund it, put the stock back and tell the buyer", async ({
  page,
  request,
  consoleErrors,
}, testInfo) => {
  const keys = demoKeys();
  const key = keys.channels.zigzag;
  await signIn(page);
  const shopName = ((await page.getByTestId("shop-name").textContent()) ?? "").trim();
  const variant = await variantWithStock(request, key, shopName);
  const channelOrder = channelOrderId(testInfo, "RET");
  const placed = await placeOrder(request, key, variant, channelOrder);
  await deliver(page, request, keys, placed);
  const stockBefore = await stockOf(request, key, variant.variant_id);

  // The seller has the claim list open when the buyer asks for a return.
  await page.goto("/claims");
  await hydrated(page);
  await expect(page.getByTestId("tab-count-all")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");
  await expectNoHorizontalOverflow(page);
  const returnsBefore = await tabCount(page, "return");

  const res = await request.post("/api/channel/v1/claims", {
    headers: bearer(key),
    data: {
      channel_claim_id: `${channelOrder}-R`,
      channel_order_id: channelOrder,
      channel_item_id: "1",
      kind: "return",
      reason: "size_mismatch",
      reason_text: "한 치수 작아요",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const answer = await res.json();
  expect(answer.status).toBe("requested");
  expect(answer.fault).toBe("buyer");
  const claimId: number = answer.claim_id;

  // Live, without a reload.
  const row = page.getByTestId(`claim-row-${claimId}`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("claim-status")).toHaveText("반품요청");
  await expect(row).toContainText(placed.order_no);
  await expect.poll(() => tabCount(page, "return")).toBeGreaterThanOrEqual(returnsBefore + 1);
  await expectNoHorizontalOverflow(page);

  // The claim: the refund the server computed is shown before anything is decided.
  await row.getByTestId("claim-link").click();
  await page.waitForURL(new RegExp(`/claims/${claimId}$`));
  await expect(page.getByTestId("claim-status")).toHaveText("반품요청");
  await expect(page.getByTestId("claim-reason")).toContainText("사이즈 안맞음");
  await expect(page.getByTestId("claim-fault")).toHaveText("구매자 책임");
  await expect(page.getByTestId("claim-refund-product")).toHaveText(won(variant.unit_price + variant.option_price));
  // 구매자 책임 반품 of a delivered order: the shipping it was delivered with
  // is not refunded, the 반품 배송비 is taken off, and nothing else when the
  // order paid its shipping (no free shipping to cross back); the total is
  // what the card lists, never below zero.
  await expect(page.getByTestId("claim-refund-shipping")).toHaveText(won(0));
  const deductionCells = page.getByTestId("claim-refund").locator("[data-testid^='claim-deduction-']");
  const returnFee = wonOf(await page.getByTestId("claim-deduction-return_fee").textContent());
  expect(returnFee).toBeLessThan(0);
  if (variant.shipping_fee > 0) await expect(deductionCells).toHaveCount(1);
  const deductions = (await deductionCells.allTextContents()).map(wonOf);
  const product = variant.unit_price + variant.option_price;
  const expectedTotal = Math.max(0, product + deductions.reduce((a, b) => a + b, 0));
  const total = won(expectedTotal);
  await expect(page.getByTestId("claim-refund-total")).toHaveText(total);
  await expectNoHorizontalOverflow(page);

  // 수거 요청 (no waybill yet), then 수거완료.
  await page.getByTestId("claim-pickup").click();
  await page.getByTestId("claim-pickup-submit").click();
  await expect(page.getByTestId("claim-status")).toHaveText("수거중");
  await page.getByTestId("claim-collected").click();
  await expect(page.getByTestId("claim-status")).toHaveText("수거완료");
  await expect(page.getByTestId("claim-refund-total")).toHaveText(total);

  // 승인: the shown amount is refunded.
  await page.getByTestId("claim-approve").click();
  await expect(page.getByTestId("claim-status")).toHaveText("반품완료");
  await expect(page.getByTestId("claim-refund-total")).toHaveText(total);
  await expect(page.getByTestId("claim-approve")).toHaveCount(0);
  await expect(page.getByTestId("claim-timeline").getByTestId("claim-event-approve")).toBeVisible();

  // The returned unit is back in stock.
  await expect.poll(() => stockOf(request, key, variant.variant_id)).toBe(stockBefore + 1);

  // Every step told the buyer; the messages are listed with their state.
  const messages = page.getByTestId("claim-messages");
  for (const kind of ["claim_requested", "claim_pickup", "claim_collected", "return_approved"]) {
    await expect(messages.getByTestId(`claim-message-${kind}`)).toBeVisible();
  }
  await expect(messages.getByTestId("claim-message-return_approved")).toContainText("반품 완료 안내");
  await expect(messages.getByTestId("claim-message-return_approved").getByTestId("claim-message-status")).toHaveText(
    /대기|발송중|발송완료/,
  );
  await expectNoHorizontalOverflow(page);

  // The order shows the claim on its item, linking back.
  await page.getByTestId("claim-order-link").click();
  await page.waitForURL(new RegExp(`/orders/${placed.order_no}$`));
  const badge = page.getByTestId(`order-item-${placed.item_id}`).getByTestId("order-claim-badge");
  await expect(badge).toHaveText("반품완료");
  await expect(badge).toHaveAttribute("href", `/claims/${claimId}`);
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});
