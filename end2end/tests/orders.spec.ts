import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page, TestInfo } from "@playwright/test";
import { test, expect, hydrated, expectNoHorizontalOverflow, signIn } from "./fixtures";
import { TMP } from "./server";

/** The keys the app writes with its demo data (src/channel_api: write_demo_keys). */
type DemoKeys = { base_url: string; channels: Record<string, string>; carrier: string };

function demoKeys(): DemoKeys {
  return JSON.parse(readFileSync(path.join(TMP, "e2e", "demo-api-keys.json"), "utf8"));
}

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

type Stocked = { variant_id: number; unit_price: number; option_price: number; shipping_fee: number };

/** A variant of the signed-in shop, on sale on the channel, with stock to sell. */
async function variantWithStock(request: APIRequestContext, key: string, shopName: string): Promise<Stocked> {
  let cursor: string | null = null;
  do {
    const res = await request.get(`/api/channel/v1/products?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
      headers: bearer(key),
    });
    expect(res.status(), await res.text()).toBe(200);
    const body = await res.json();
    for (const p of body.products) {
      if (p.shop_name !== shopName || p.status !== "on_sale") continue;
      const v = p.variants.find((v: { stock: number }) => v.stock >= 2);
      if (v) return { variant_id: v.variant_id, unit_price: p.sale_price, option_price: v.extra_price, shipping_fee: p.shipping_fee };
    }
    cursor = body.next_cursor;
  } while (cursor);
  throw new Error(`no variant of ${shopName} with stock on the channel`);
}

type Placed = { order_no: string; item_id: number };

/** What a channel does when a buyer pays: one order of one item. */
async function placeOrder(request: APIRequestContext, key: string, v: Stocked, channelOrderId: string): Promise<Placed> {
  const res = await request.post("/api/channel/v1/orders", {
    headers: bearer(key),
    data: {
      channel_order_id: channelOrderId,
      payment_method: "card",
      buyer: { name: "김민지", phone: "010-1234-5678", email: "minji@example.com" },
      recipient: {
        name: "김민지",
        phone: "010-1234-5678",
        postcode: "04001",
        address: "서울특별시 마포구 월드컵북로 12",
        address_detail: "3층",
        note: "문 앞에 놓아 주세요",
      },
      items: [
        {
          channel_item_id: "1",
          variant_id: v.variant_id,
          quantity: 1,
          unit_price: v.unit_price,
          option_price: v.option_price,
          seller_discount: 0,
          platform_discount: 0,
          shipping_fee: v.shipping_fee,
        },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  expect(body.items[0].status).toBe("paid");
  return { order_no: body.order_no, item_id: body.items[0].item_id };
}

/** Unique per run and per project (desktop and phone share one server). */
function channelOrderId(testInfo: TestInfo, tag: string): string {
  return `E2E-${tag}-${testInfo.project.name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

/** A 12-digit CJ대한통운 waybill number (with the mod-7 check digit CJ prints). */
function cjTrackingNumber(): string {
  const body = `${Date.now()}`.slice(-10).padStart(10, "1");
  const eleven = `9${body}`;
  return `${eleven}${Number(eleven) % 7}`;
}

async function tabCount(page: Page, code: string): Promise<number> {
  const text = (await page.getByTestId(`tab-count-${code}`).textContent()) ?? "";
  return Number(text.replace(/[^0-9]/g, ""));
}

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
  const delivered = await request.post("/api/carrier/v1/events", {
    headers: bearer(keys.carrier),
    data: { courier: "cj", tracking_number: tracking, status: "delivered", location: "서울 마포 터미널" },
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
