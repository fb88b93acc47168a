// What the sales channels and the carriers do, for the specs: the demo API
// keys, the product feed, placing an order, waybill numbers.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page, TestInfo } from "@playwright/test";
import { expect, hydrated } from "./fixtures";
import { test } from "@playwright/test";
import { e2eDataDir } from "./server";

/** The keys the app writes with its demo data (src/channel_api: write_demo_keys). */
export type DemoKeys = {
  base_url: string;
  channels: Record<string, string>;
  carrier: string;
  /** Signs the carrier webhook calls (X-Signature). */
  carrier_signing_secret: string;
};

/** The demo keys of the server the running test's project talks to. */
export function demoKeys(): DemoKeys {
  const dir = e2eDataDir(test.info().project.name);
  return JSON.parse(readFileSync(path.join(dir, "demo-api-keys.json"), "utf8"));
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** A carrier's delivery event, signed as the webhook asks: HMAC-SHA256 of
 * `<timestamp>.<body>` under the key's signing secret. */
export async function postCarrierEvent(request: APIRequestContext, keys: DemoKeys, event: Record<string, unknown>) {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = createHmac("sha256", keys.carrier_signing_secret).update(`${timestamp}.${body}`).digest("hex");
  return request.post("/api/carrier/v1/events", {
    headers: {
      ...bearer(keys.carrier),
      "Content-Type": "application/json",
      "X-Signature-Timestamp": timestamp,
      "X-Signature": `sha256=${signature}`,
    },
    data: body,
  });
}

export type Stocked = {
  product_id: number;
  variant_id: number;
  unit_price: number;
  option_price: number;
  shipping_fee: number;
};

type FeedProduct = {
  product_id: number;
  shop_name: string;
  status: string;
  sale_price: number;
  shipping_fee: number;
  variants: { variant_id: number; stock: number; extra_price: number }[];
};

/** Every product of the channel's feed, page by page, until `pick` answers. */
async function findInFeed<T>(request: APIRequestContext, key: string, pick: (p: FeedProduct) => T | undefined): Promise<T | undefined> {
  let cursor: string | null = null;
  do {
    const res = await request.get(`/api/channel/v1/products?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
      headers: bearer(key),
    });
    expect(res.status(), await res.text()).toBe(200);
    const body = await res.json();
    for (const p of body.products as FeedProduct[]) {
      const found = pick(p);
      if (found !== undefined) return found;
    }
    cursor = body.next_cursor;
  } while (cursor);
  return undefined;
}

/** A variant of the signed-in shop, on sale on the channel, with stock to sell. */
export async function variantWithStock(request: APIRequestContext, key: string, shopName: string): Promise<Stocked> {
  const found = await findInFeed(request, key, (p) => {
    if (p.shop_name !== shopName || p.status !== "on_sale") return undefined;
    const v = p.variants.find((v) => v.stock >= 2);
    return v && {
      product_id: p.product_id,
      variant_id: v.variant_id,
      unit_price: p.sale_price,
      option_price: v.extra_price,
      shipping_fee: p.shipping_fee,
    };
  });
  if (!found) throw new Error(`no variant of ${shopName} with stock on the channel`);
  return found;
}

/** A variant's stock as the channel's product feed reports it. */
export async function stockOf(request: APIRequestContext, key: string, variantId: number): Promise<number> {
  const stock = await findInFeed(request, key, (p) => p.variants.find((v) => v.variant_id === variantId)?.stock);
  if (stock === undefined) throw new Error(`variant ${variantId} is not in the feed`);
  return stock;
}

export type Placed = { order_no: string; item_id: number };

/** What a channel does when a buyer pays: one order of one item. */
export async function placeOrder(request: APIRequestContext, key: string, v: Stocked, channelOrderId: string): Promise<Placed> {
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
export function uniqueId(testInfo: TestInfo, tag: string): string {
  return `E2E-${tag}-${testInfo.project.name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

/** A 12-digit CJ대한통운 waybill number (with the mod-7 check digit CJ prints). */
export function cjTrackingNumber(): string {
  const body = `${Date.now()}`.slice(-10).padStart(10, "1");
  const eleven = `9${body}`;
  return `${eleven}${Number(eleven) % 7}`;
}

/** The number on a list tab (`tab-count-{code}`). */
export async function tabCount(page: Page, code: string): Promise<number> {
  const text = (await page.getByTestId(`tab-count-${code}`).textContent()) ?? "";
  return Number(text.replace(/[^0-9]/g, ""));
}

/** The signed-in shop's name, as the header shows it. */
export async function shopName(page: Page): Promise<string> {
  return ((await page.getByTestId("shop-name").textContent()) ?? "").trim();
}

/** Confirms, ships and has the carrier deliver an item, as the seller and the courier do. */
export async function deliver(page: Page, request: APIRequestContext, keys: DemoKeys, placed: Placed): Promise<void> {
  await page.goto("/orders");
  await hydrated(page);
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");
  const row = page.getByTestId(`order-row-${placed.item_id}`);
  await expect(row.getByTestId("order-status")).toHaveText("결제완료");
  await page.getByTestId(`confirm-${placed.item_id}`).click();
  await expect(row.getByTestId("order-status")).toHaveText("발주확인");
  const tracking = cjTrackingNumber();
  await page.getByTestId(`courier-${placed.item_id}`).selectOption("cj");
  await page.getByTestId(`tracking-${placed.item_id}`).fill(tracking);
  await page.getByTestId(`ship-${placed.item_id}`).click();
  await expect(row.getByTestId("order-status")).toHaveText("배송중");
  const delivered = await postCarrierEvent(request, keys, {
    courier: "cj",
    tracking_number: tracking,
    status: "delivered",
    location: "서울 마포 터미널",
  });
  expect(delivered.status(), await delivered.text()).toBe(200);
  await expect(row.getByTestId("order-status")).toHaveText("배송완료");
}
