import { test, expect, hydrated, expectNoHorizontalOverflow, signIn } from "./fixtures";
import { bearer, deliver, demoKeys, placeOrder, shopName, uniqueId, variantWithStock } from "./channel";

const won = (n: number) => `${n.toLocaleString("en-US")}원`;
/** The won amount a cell shows ("-1,234원" → -1234). */
const wonOf = (text: string | null) => {
  const t = (text ?? "").trim();
  expect(t, "an amount in won").toMatch(/^-?[0-9,]+원$/);
  return Number(t.replace(/[^0-9-]/g, ""));
};
/** Half away from zero of amount × bp / 10000, in integers (the app's rule). */
const fee = (amount: number, bp: number) => Math.floor((2 * amount * bp + 10_000) / 20_000);

test("a purchase-confirmed order lands in a scheduled statement whose detail shows the item to the won", async ({
  page,
  request,
  consoleErrors,
}, testInfo) => {
  const keys = demoKeys();
  const key = keys.channels.zigzag;
  await signIn(page);
  const variant = await variantWithStock(request, key, await shopName(page));
  const channelOrder = uniqueId(testInfo, "SETL");
  const placed = await placeOrder(request, key, variant, channelOrder);
  await deliver(page, request, keys, placed);
  const confirmed = await request.post(`/api/channel/v1/orders/${channelOrder}/purchase-confirmation`, {
    headers: bearer(key),
    data: {},
  });
  expect(confirmed.status(), await confirmed.text()).toBe(200);

  // The settlement run (every second on the e2e server) puts it in today's
  // statement; the page updates itself.
  await page.goto("/settlement");
  await hydrated(page);
  await expect(page.getByTestId("payout-calendar")).toBeVisible();
  const upcoming = page.getByTestId("upcoming-statements");
  await expect(upcoming).toBeVisible({ timeout: 20_000 });
  await expectNoHorizontalOverflow(page);
  // Today's statement (KST), among the older unpaid ones of the demo history.
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  await upcoming.locator("a", { hasText: `${today} 확정분` }).click();
  await hydrated(page);
  await expect(page.getByTestId("statement-status")).toHaveText("지급예정");
  const lines = page.getByTestId("statement-lines");
  let line = lines.locator("li", { hasText: placed.order_no });
  // The statement of today may need the run that settles this item.
  for (let i = 0; i < 10 && (await line.count()) === 0; i++) {
    await page.waitForTimeout(1_000);
    await page.reload();
    await hydrated(page);
    line = page.getByTestId("statement-lines").locator("li", { hasText: placed.order_no });
  }
  await expect(line).toBeVisible();
  const sale = variant.unit_price + variant.option_price;
  // 지그재그 at the demo shop's own 9.5 %, 결제수수료 3.3 % of what the buyer paid.
  const net = sale + variant.shipping_fee - fee(sale, 950) - fee(sale + variant.shipping_fee, 330);
  await expect(line.getByTestId("line-net")).toHaveText(won(net));
  await expect(line).toContainText("9.5%");
  // The statement's total is the sum of what it lists (every line, all
  // pages of them) and of its breakdown. The run may still add a line of
  // another spec's order to today's statement: read again until they agree.
  await expect(async () => {
    await page.reload();
    await hydrated(page);
    const nets = page.getByTestId("statement-lines").getByTestId("line-net");
    await expect(nets.first()).toBeVisible();
    const more = page.getByTestId("lines-more");
    while ((await more.count()) > 0) {
      const shown = await nets.count();
      await more.click();
      await expect.poll(() => nets.count()).toBeGreaterThan(shown);
    }
    const lineNets = (await nets.allTextContents()).map(wonOf);
    const total = wonOf(await page.getByTestId("st-net").textContent());
    expect(lineNets).toContain(net);
    expect(lineNets.reduce((a, b) => a + b, 0), `lines ${lineNets.join(" + ")}`).toBe(total);
    const parts = await Promise.all(
      ["st-sale", "st-discount", "st-shipping", "st-commission", "st-payment-fee", "st-claim", "st-adjustment"].map(
        async (id) => wonOf(await page.getByTestId(id).textContent()),
      ),
    );
    expect(parts.reduce((a, b) => a + b, 0), `breakdown ${parts.join(" + ")}`).toBe(total);
  }).toPass({ timeout: 30_000 });
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});

test("last month's tax invoice prints and downloads as a PDF whose text has the shop's registration number and totals", async ({
  page,
  consoleErrors,
}) => {
  await signIn(page);
  await page.goto("/settlement/tax-invoices");
  await hydrated(page);
  await expectNoHorizontalOverflow(page);
  // The demo's order history was settled: last month has an issued invoice.
  const rows = page.getByTestId("tax-invoice-row");
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  const issued = rows.filter({ hasNot: page.getByTestId("tax-invoice-preview") }).first();
  await expect(issued).toBeVisible();
  await issued.locator("a").first().click();
  await hydrated(page);
  const invoice = page.getByTestId("tax-invoice");
  await expect(invoice).toBeVisible();
  await expect(invoice).toContainText("220-81-62517");
  await expect(invoice).toContainText("영수");
  const supply = ((await page.getByTestId("tax-invoice-supply").textContent()) ?? "").replace(/[^0-9]/g, "");
  const vat = ((await page.getByTestId("tax-invoice-vat").textContent()) ?? "").replace(/[^0-9]/g, "");
  const total = ((await page.getByTestId("tax-invoice-total").textContent()) ?? "").replace(/[^0-9]/g, "");
  expect(Number(supply)).toBeGreaterThan(0);
  expect(Number(vat)).toBe(Math.floor(Number(supply) / 10));
  expect(Number(total)).toBe(Number(supply) + Number(vat));
  await expectNoHorizontalOverflow(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tax-invoice-pdf").click()]);
  expect(download.suggestedFilename()).toMatch(/^세금계산서_\d{4}-\d{2}\.pdf$/);
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  const bytes = new Uint8Array(readFileSync(path));
  expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    text += content.items.map((i) => ("str" in i ? i.str : "")).join(" ") + "\n";
  }
  const digits = text.replace(/[^0-9]/g, "");
  expect(text).toContain("세금계산서");
  expect(digits).toContain("2208162517");
  const commas = (n: string) => Number(n).toLocaleString("en-US");
  expect(text).toContain(commas(supply));
  expect(text).toContain(commas(vat));
  expect(text).toContain(commas(total));
  expect(consoleErrors).toEqual([]);
});
