import type { Page } from "@playwright/test";
import { test, expect, hydrated, expectNoHorizontalOverflow, signIn } from "./fixtures";
import { cjTrackingNumber, demoKeys, placeOrder, postCarrierEvent, tabCount, uniqueId as channelOrderId, variantWithStock } from "./channel";

/** The order list, hydrated and listening for live changes. */
async function openOrders(page: Page): Promise<void> {
  await page.goto("/orders");
  await hydrated(page);
  await expect(page.getByTestId("tab-count-all")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");
}

test("a new order appears live, is confirmed, shipped and delivered without a reload", async ({
  page,
  request,
  consoleErrors,
}, testInfo) => {
  const keys = demoKeys();
  await signIn(page);
  const shopName = ((await page.getByTestId("shop-name").textContent()) ?? "").trim();
  const variant = await variantWithStock(request, keys.channels.zigzag, shopName);
  await openOrders(page);
  await expectNoHorizontalOverflow(page);
  const newBefore = await tabCount(page, "paid");

  const placed = await placeOrder(request, keys.channels.zigzag, variant, channelOrderId(testInfo, "LIVE"));
  const row = page.getByTestId(`order-row-${placed.item_id}`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("order-status")).toHaveText("결제완료");
  await expect(row).toContainText(placed.order_no);
  await expect.poll(() => tabCount(page, "paid")).toBeGreaterThanOrEqual(newBefore + 1);

  // 발주확인
  await page.getByTestId(`confirm-${placed.item_id}`).click();
  await expect(row.getByTestId("order-status")).toHaveText("발주확인");
  await expect(page.getByTestId(`confirm-${placed.item_id}`)).toHaveCount(0);

  // 발송처리 with CJ대한통운
  const tracking = cjTrackingNumber();
  await page.getByTestId(`courier-${placed.item_id}`).selectOption({ label: "CJ대한통운" });
  await page.getByTestId(`tracking-${placed.item_id}`).fill(tracking);
  await page.getByTestId(`ship-${placed.item_id}`).click();
  await expect(row.getByTestId("order-status")).toHaveText("배송중");
  const link = row.getByTestId("tracking-link");
  await expect(link).toHaveText(tracking);
  await expect(link).toHaveAttribute("href", new RegExp(tracking));
  await expect(page.getByTestId(`ship-${placed.item_id}`)).toHaveCount(0);

  // The carrier reports delivery; the open page follows.
  const delivered = await postCarrierEvent(request, keys, {
    courier: "cj",
    tracking_number: tracking,
    status: "delivered",
    location: "서울 마포 터미널",
  });
  expect(delivered.status(), await delivered.text()).toBe(200);
  expect((await delivered.json()).delivered_items).toContain(placed.item_id);
  await expect(row.getByTestId("order-status")).toHaveText("배송완료");
  await expectNoHorizontalOverflow(page);

  // The order's page tells the whole story.
  await row.getByTestId("order-link").click();
  await page.waitForURL(new RegExp(`/orders/${placed.order_no}$`));
  await expect(page.getByTestId("order-no")).toHaveText(placed.order_no);
  await expect(page.getByTestId(`order-item-${placed.item_id}`).getByTestId("order-status")).toHaveText("배송완료");
  await expect(page.getByTestId("order-history")).toContainText("발주확인");
  await expect(page.getByTestId("order-history")).toContainText("발송처리");
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});

// No console-error check here: the browser logs the refused request (HTTP 422) itself.
test("an invalid tracking number is refused in Korean and the order stays as it was", async ({
  page,
  request,
}, testInfo) => {
  const keys = demoKeys();
  await signIn(page);
  const shopName = ((await page.getByTestId("shop-name").textContent()) ?? "").trim();
  const variant = await variantWithStock(request, keys.channels.zigzag, shopName);
  await openOrders(page);
  const placed = await placeOrder(request, keys.channels.zigzag, variant, channelOrderId(testInfo, "BAD"));
  const row = page.getByTestId(`order-row-${placed.item_id}`);
  await expect(row.getByTestId("order-status")).toHaveText("결제완료");

  await page.getByTestId(`courier-${placed.item_id}`).selectOption("cj");
  await page.getByTestId(`tracking-${placed.item_id}`).fill("1234");
  await page.getByTestId(`ship-${placed.item_id}`).click();
  await expect(page.locator(".toast-error")).toContainText("송장번호");
  await expect(row.getByTestId("order-status")).toHaveText("결제완료");
  // What was typed stays, to be corrected.
  await expect(page.getByTestId(`tracking-${placed.item_id}`)).toHaveValue("1234");

  // A reload shows the server kept it unchanged too.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId(`order-row-${placed.item_id}`).getByTestId("order-status")).toHaveText("결제완료");
  await expectNoHorizontalOverflow(page);
});
