import type { APIRequestContext, Browser } from "@playwright/test";
import { test, expect, hydrated, expectNoHorizontalOverflow, signIn } from "./fixtures";
import { bearer, demoKeys, shopName } from "./channel";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD } from "./server";

const won = (n: number) => `${n.toLocaleString("en-US")}원`;
const HOUR = 3600_000;
/** A KST wall-clock `datetime-local` value for a UTC instant. */
const kstInput = (ms: number) => new Date(ms + 9 * HOUR).toISOString().slice(0, 16);
/** A coupon code or title unique to this run and project. */
const unique = (project: string) => `${project === "phone" ? "P" : "D"}${Date.now() % 100_000_000}`;

type FeedProduct = {
  product_id: number;
  shop_name: string;
  name: string;
  code: string;
  status: string;
  sale_price: number;
  price?: number;
  promotion?: unknown;
  variants: { variant_id: number; stock: number; extra_price: number }[];
};

/** A product of the shop with stock and no promotion running, from the channel's feed. */
async function plainProduct(request: APIRequestContext, key: string, shop: string, skip: number[] = []): Promise<FeedProduct> {
  let cursor: string | null = null;
  do {
    const res = await request.get(`/api/channel/v1/products?limit=500${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: bearer(key),
    });
    expect(res.status(), await res.text()).toBe(200);
    const body = await res.json();
    for (const p of body.products as FeedProduct[]) {
      if (
        p.shop_name === shop &&
        p.status === "on_sale" &&
        !p.promotion &&
        !skip.includes(p.product_id) &&
        p.variants.some((v) => v.stock >= 2)
      ) {
        return p;
      }
    }
    cursor = body.next_cursor;
  } while (cursor);
  throw new Error(`no product of ${shop} without a promotion`);
}

async function operatorPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, OPERATOR_EMAIL, OPERATOR_PASSWORD);
  return { context, page };
}

test("a seller makes a 10 % coupon for a product, an order with it arrives through the Channel API, and the coupon's page shows the redemption and the discount", async ({
  page,
  request,
}, testInfo) => {
  const key = demoKeys().channels.zigzag;
  await signIn(page);
  const product = await plainProduct(request, key, await shopName(page));
  const code = `TEN${unique(testInfo.project.name)}`;

  await page.goto("/promotions/coupons/new");
  await hydrated(page);
  await page.locator("#coupon-name").fill("상품 10% 할인");
  await page.locator("#coupon-code").fill(code.toLowerCase());
  await page.getByTestId("coupon-kind-rate").check();
  await page.locator("#coupon-rate").fill("10");
  await page.locator("#coupon-max-discount").fill("5,000");
  await page.locator("#coupon-min-order").fill("0");
  await page.locator("#coupon-starts-at").fill(kstInput(Date.now() - HOUR));
  await page.locator("#coupon-ends-at").fill(kstInput(Date.now() + 7 * 24 * HOUR));
  await page.locator("#coupon-total-limit").fill("100");
  await page.locator("#coupon-per-buyer-limit").fill("1");
  await page.getByTestId("coupon-scope-products").check();
  await page.getByTestId("coupon-product-q").fill(product.name);
  await page.getByTestId("coupon-product-search").click();
  const results = page.getByTestId("coupon-product-results");
  // Names repeat ("[재입고] …"); the 상품관리코드 is the shop's own and unique.
  await results.locator("li", { hasText: product.code }).getByTestId("coupon-product-add").click();
  await expect(page.getByTestId("coupon-chosen").getByTestId("coupon-chip")).toHaveCount(1);
  await expectNoHorizontalOverflow(page);
  await page.getByTestId("coupon-submit").click();

  // The coupon's page: running, the code upper-cased, nothing used yet.
  await page.waitForURL(/\/promotions\/coupons\/\d+$/);
  await hydrated(page);
  await expect(page.getByTestId("coupon-status")).toHaveText("진행중");
  await expect(page.getByTestId("coupon-code")).toHaveText(code);
  await expect(page.getByTestId("promores-redemptions")).toHaveText("0건");

  // A buyer pays with it on the channel.
  const variant = product.variants.find((v) => v.stock >= 2)!;
  const unit = product.price ?? product.sale_price;
  const res = await request.post("/api/channel/v1/orders", {
    headers: bearer(key),
    data: {
      channel_order_id: `E2E-CPN-${code}`,
      payment_method: "card",
      coupon_code: code,
      buyer: { name: "한소희", phone: "010-5555-0101", email: "sohee@example.com" },
      recipient: { name: "한소희", phone: "010-5555-0101", postcode: "04001", address: "서울특별시 마포구 월드컵북로 12" },
      items: [
        { channel_item_id: "1", variant_id: variant.variant_id, quantity: 1, unit_price: unit, option_price: variant.extra_price },
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const base = unit + variant.extra_price;
  // 10 % rounded half up, at most 5,000원: what the coupon's page must show.
  const discount = Math.min(Math.floor((base * 1000 + 5000) / 10_000), 5000);
  expect((await res.json()).items[0].coupon_discount).toBe(discount);

  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("promores-redemptions")).toHaveText("1건");
  await expect(page.getByTestId("promores-orders")).toHaveText("1건");
  await expect(page.getByTestId("promores-discount")).toHaveText(won(discount));
  await expect(page.getByTestId("promores-seller-discount")).toHaveText(won(discount));
  await expect(page.getByTestId("coupon-used")).toContainText("1 / 100");
  const row = page.getByTestId("promores-redemption");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(won(discount));
  await expectNoHorizontalOverflow(page);

  // The list shows it running.
  await page.goto("/promotions/coupons");
  await hydrated(page);
  await expect(page.getByTestId("coupon-row").filter({ hasText: code }).getByTestId("coupon-status")).toHaveText("진행중");
  await expectNoHorizontalOverflow(page);
});

test("a seller applies to a campaign and sees the operator's decision", async ({ page, request, browser, baseURL }, testInfo) => {
  const title = `E2E 기획전 ${unique(testInfo.project.name)}`;
  // The operator opens a campaign that takes applications now and runs from tomorrow.
  const operator = await operatorPage(browser, baseURL!);
  await operator.page.goto("/operator/campaigns");
  await hydrated(operator.page);
  await operator.page.locator("#campaign-title").fill(title);
  await operator.page.locator("#campaign-banner").fill("겨울 니트 특가");
  await operator.page.locator("#campaign-starts").fill(kstInput(Date.now() + 24 * HOUR));
  await operator.page.locator("#campaign-ends").fill(kstInput(Date.now() + 10 * 24 * HOUR));
  await operator.page.locator("#campaign-apply-from").fill(kstInput(Date.now() - HOUR));
  await operator.page.locator("#campaign-apply-until").fill(kstInput(Date.now() + 20 * HOUR));
  await operator.page.locator("#campaign-min-discount").fill("10");
  await operator.page.locator("#campaign-max-price").fill("0");
  await operator.page.locator("#campaign-commission").fill("8");
  await operator.page.getByTestId("campaign-create").click();
  await expect(operator.page.getByTestId("operator-campaign").filter({ hasText: title })).toBeVisible();

  // The seller applies with one product at 20 % off.
  await signIn(page);
  const key = demoKeys().channels.zigzag;
  const product = await plainProduct(request, key, await shopName(page));
  const price = Math.floor((product.sale_price * 0.8) / 10) * 10;
  await page.goto("/promotions/campaigns");
  await hydrated(page);
  await page.getByTestId("campaign-card").filter({ hasText: title }).getByTestId("campaign-apply-link").click();
  await page.waitForURL(/\/promotions\/campaigns\/\d+$/);
  await hydrated(page);
  await expect(page.getByTestId("campaign-title")).toHaveText(title);
  const item = page.getByTestId("apply-item").filter({ has: page.locator(`input[value="${product.product_id}"]`) });
  await item.getByTestId("apply-product").check();
  await item.getByTestId("apply-price").fill(String(price));
  await expectNoHorizontalOverflow(page);
  await page.getByTestId("apply-submit").click();
  const mine = page.getByTestId("my-application").filter({ has: page.getByText(product.name, { exact: true }) });
  await expect(mine.getByTestId("application-status")).toHaveText("심사중");

  // The operator approves it.
  const campaignUrl = page.url().replace(/.*\/promotions\/campaigns\//, "/operator/campaigns/");
  await operator.page.goto(campaignUrl);
  await hydrated(operator.page);
  const application = operator.page
    .getByTestId("operator-application")
    .filter({ has: operator.page.getByText(product.name, { exact: true }) });
  await application.getByTestId("approve-application").click();
  // The decision is stored, whatever the page was busy redrawing.
  await expect(async () => {
    await operator.page.reload();
    await hydrated(operator.page);
    await expect(application.getByTestId("operator-application-status")).toHaveText("승인", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await operator.context.close();

  // The seller sees the decision.
  await page.reload();
  await hydrated(page);
  await expect(mine.getByTestId("application-status")).toHaveText("승인");
  await expectNoHorizontalOverflow(page);
});
