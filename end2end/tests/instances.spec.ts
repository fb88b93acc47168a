// Two app instances on one PostgreSQL database, as behind a load balancer:
// an order the Channel API posts to instance A appears, without a reload, on
// the order page a seller has open on instance B (PostgreSQL LISTEN/NOTIFY).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, expect, hydrated, signIn } from "./fixtures";
import { OwnServer } from "./server";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "";

function psql(sql: string): void {
  execFileSync("psql", [ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], { stdio: "pipe" });
}

test("an order posted to instance A shows live on a page served by instance B", async ({ page, request }, testInfo) => {
  test.skip(!ADMIN_URL, "needs PostgreSQL: set TEST_DATABASE_URL (make test does when a local server answers)");
  test.skip(testInfo.project.name !== "desktop", "one viewport is enough for the instances test");
  test.setTimeout(120_000);
  const name = `pc_e2e_instances_${process.pid}_${Date.now()}`;
  psql(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const shared = {
    DATABASE_URL: url.toString(),
    SECRET_KEY: "e2e-two-instances-share-this-secret-0123456789",
    DEMO_PRODUCTS: "3",
  };
  const a = OwnServer.fresh(3102, "instance-a");
  const b = OwnServer.fresh(3103, "instance-b");
  try {
    await a.start(shared); // loads the demo shop and writes its API keys
    await b.start(shared);
    const keys = JSON.parse(readFileSync(path.join(a.dataDir, "demo-api-keys.json"), "utf8"));
    const zigzag = { Authorization: `Bearer ${keys.channels.zigzag}` };

    // The seller works on instance B.
    await signIn(page, undefined, undefined, b.url);
    await page.goto(`${b.url}/orders`);
    await hydrated(page);
    await expect(page.locator("body")).toHaveAttribute("data-live", "open");
    const health = await (await request.get(`${b.url}/healthz`)).json();
    expect(health.database).toBe("postgres");

    // The channel talks to instance A.
    const feed = await (await request.get(`${a.url}/api/channel/v1/products?limit=100`, { headers: zigzag })).json();
    const product = feed.products.find((p: { variants: { stock: number }[] }) => p.variants.some((v) => v.stock > 0));
    expect(product, "a demo product with stock on 지그재그").toBeTruthy();
    const variant = product.variants.find((v: { stock: number }) => v.stock > 0);
    const placed = await request.post(`${a.url}/api/channel/v1/orders`, {
      headers: zigzag,
      data: {
        channel_order_id: `E2E-INSTANCES-${Date.now()}`,
        payment_method: "card",
        buyer: { name: "최유진", phone: "010-3456-7890" },
        recipient: { name: "최유진", phone: "010-3456-7890", postcode: "06236", address: "서울특별시 강남구 테헤란로 152" },
        items: [{ channel_item_id: "1", variant_id: variant.variant_id, quantity: 1, unit_price: product.sale_price }],
      },
    });
    expect(placed.status(), await placed.text()).toBe(201);
    const item = (await placed.json()).items[0].item_id;

    const started = Date.now();
    const row = page.getByTestId(`order-row-${item}`);
    await expect(row).toBeVisible({ timeout: 5_000 });
    await expect(row.getByTestId("order-status")).toHaveText("결제완료");
    // SPEC: within 2 seconds, on every instance.
    expect(Date.now() - started, "ms from A's answer to the row on B's page").toBeLessThanOrEqual(2_000);
  } finally {
    await a.kill();
    await b.kill();
    try {
      psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch {
      // left for the next clean-up; a fresh name is used every run
    }
  }
});
