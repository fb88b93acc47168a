import { deflateSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { test, expect, hydrated, isPhone, expectNoHorizontalOverflow, signIn } from "./fixtures";

/** A real PNG photo of `w`×`h` pixels in one colour (the server decodes it). */
function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("the seller registers a coat in 3 colours × 4 sizes with two photos and finds it in the list", async ({
  page,
  consoleErrors,
}) => {
  const stamp = `${isPhone(page) ? "M" : "D"}${Date.now() % 1000000}`;
  const name = `E2E 울 블렌드 코트 ${stamp}`;
  await signIn(page);
  await page.goto("/products/new");
  await hydrated(page);

  await page.getByLabel("상품명").fill(name);
  await page.getByLabel("상품관리코드").fill(`E2E-${stamp}`);
  await page.getByLabel("카테고리", { exact: true }).selectOption("아우터>코트");
  await page.getByLabel("정가 (원)").fill("159,000");
  await page.getByLabel("판매가 (원)").fill("129000");

  await page.getByRole("button", { name: "옵션 추가" }).click();
  await page.getByRole("button", { name: "옵션 추가" }).click();
  await page.getByLabel("옵션명").nth(0).fill("색상");
  await page.getByLabel("옵션값").nth(0).fill("블랙, 아이보리, 네이비");
  await page.getByLabel("옵션명").nth(1).fill("사이즈");
  await page.getByLabel("옵션값").nth(1).fill("S, M, L, XL");
  await page.getByTestId("build-variants").click();
  await expect(page.getByTestId("variant-row")).toHaveCount(12);
  await expect(page.getByTestId("variant-row").nth(5)).toContainText("아이보리 / M");

  await page.getByLabel("재고 일괄 입력").fill("5");
  await page.getByRole("button", { name: "전체 적용" }).click();
  await page.getByLabel("네이비 / XL 재고", { exact: true }).fill("20");
  await page.getByLabel("블랙 / S 재고", { exact: true }).fill("0");

  await page.getByTestId("image-input").setInputFiles([
    { name: "front.png", mimeType: "image/png", buffer: png(300, 375, [40, 40, 48]) },
    { name: "back.png", mimeType: "image/png", buffer: png(300, 375, [220, 210, 190]) },
  ]);
  await expect(page.getByTestId("product-image")).toHaveCount(2);
  await expect(page.getByTestId("product-image").first().locator("img")).toHaveAttribute("src", /\/media\/products\/.+_t\.jpg$/);
  if (isPhone(page)) await expectNoHorizontalOverflow(page);

  await page.getByTestId("save-product").click();
  await page.waitForURL(/\/products\?saved=\d+$/);
  await hydrated(page);
  await expect(page.locator(".toast-success")).toContainText("상품을 저장했습니다");

  await page.getByTestId("product-search").fill(name);
  await page.getByRole("button", { name: "검색", exact: true }).click();
  const row = page.getByTestId("product-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(name);
  await expect(row).toContainText("129,000원");
  // 10 variants × 5 + 20 + 0
  await expect(row.getByTestId("stock-total")).toHaveText("70개");
  await expect(row).toContainText("재고 부족 1");
  await expect(row.locator("img")).toHaveAttribute("src", /\/media\/products\//);
  await expect(row.locator("img")).toBeVisible();
  await expectNoHorizontalOverflow(page);

  // The product opens with everything it was saved with.
  await row.getByRole("link", { name }).click();
  await hydrated(page);
  await expect(page.getByTestId("variant-row")).toHaveCount(12);
  await expect(page.getByTestId("product-image")).toHaveCount(2);
  await expect(page.getByLabel("네이비 / XL 재고", { exact: true })).toHaveValue("20");
  expect(consoleErrors).toEqual([]);
});

test("a CSV with one bad row shows that row's report, and the good rows import", async ({ page, consoleErrors }) => {
  const stamp = `${isPhone(page) ? "M" : "D"}${Date.now() % 1000000}`;
  const csv =
    "\ufeff상품관리코드,상품명,카테고리,정가,판매가,옵션명,옵션값,SKU,재고\r\n" +
    `CSV-${stamp},린넨 셔츠 ${stamp},상의>셔츠,49000,39000,색상,화이트,CSV-${stamp}-WH,10\r\n` +
    `CSV-${stamp},,,,,,스카이,CSV-${stamp}-SK,많이\r\n` +
    `CSV2-${stamp},코튼 티셔츠 ${stamp},상의>티셔츠,19000,15000,,,CSV2-${stamp},7\r\n`;
  await signIn(page);
  await page.goto("/products/import");
  await hydrated(page);
  await page.getByTestId("import-file").setInputFiles({ name: "상품.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByTestId("import-preview").click();
  const report = page.getByTestId("import-report");
  await expect(report).toBeVisible();
  const errors = page.getByTestId("import-error");
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText("3");
  await expect(errors.first()).toContainText("재고");
  await expect(errors.first()).toContainText("숫자");
  await expect(page.getByTestId("import-valid")).toHaveText("1");
  await expectNoHorizontalOverflow(page);

  await page.getByTestId("import-apply").click();
  await expect(page.getByTestId("import-outcome")).toContainText("반영했습니다");
  await page.goto("/products");
  await hydrated(page);
  await page.getByTestId("product-search").fill(stamp);
  await page.getByRole("button", { name: "검색", exact: true }).click();
  await expect(page.getByTestId("product-row")).toHaveCount(1);
  await expect(page.getByTestId("product-row")).toContainText(`코튼 티셔츠 ${stamp}`);
  expect(consoleErrors).toEqual([]);
});

test("the stock sheet saves a changed stock and the low-stock filter shows exactly the products with a low variant", async ({
  page,
  consoleErrors,
}) => {
  await signIn(page);
  await page.goto("/products/stock");
  await hydrated(page);
  const rows = page.getByTestId("sheet-row");
  await expect(rows.first()).toBeVisible();
  const before = await sheet(page);
  const products = [...new Set(before.map((r) => r.product))];
  expect(products.length, "the sheet lists at least two products").toBeGreaterThanOrEqual(2);
  const [lowProduct, healthyProduct] = products;
  // The first product's first variant goes low (1 left, warn at 3, on sale);
  // the second product warns at nothing, so none of its variants is low.
  const first = rows.first();
  await first.locator("input[data-cell^='stock-']").fill("1");
  await first.locator("input[data-cell^='threshold-']").fill("3");
  await first.locator("input[type=checkbox]").check();
  for (const [i, r] of before.entries()) {
    if (r.product === healthyProduct && r.threshold !== 0) {
      await rows.nth(i).locator("input[data-cell^='threshold-']").fill("0");
    }
  }
  await page.getByTestId("save-sheet").click();
  await expect(page.locator(".toast-success")).toContainText("저장했습니다");
  await expect(rows.first().locator("input[data-cell^='stock-']")).toHaveValue("1");
  await expect(rows.first().locator("input[data-cell^='threshold-']")).toHaveValue("3");

  await page.getByTestId("filter-low-stock").check();
  // The healthy product leaves the list; the low one stays.
  await expect(page.locator(`[data-testid='sheet-row'] a[href='${healthyProduct}']`)).toHaveCount(0);
  await expect(page.locator(`[data-testid='sheet-row'] a[href='${lowProduct}']`)).toHaveCount(1);
  // Every product listed has a variant at or under its warning level (on
  // sale, warning set); every product of the unfiltered page that has one
  // is listed.
  const filtered = await sheet(page);
  const isLow = (r: SheetRow) => r.active && r.threshold > 0 && r.stock <= r.threshold;
  const listed = [...new Set(filtered.map((r) => r.product))];
  for (const product of listed) {
    expect(filtered.some((r) => r.product === product && isLow(r)), `${product} has no low variant`).toBe(true);
  }
  const after = before.map((r, i) => (i === 0 ? { ...r, stock: 1, threshold: 3, active: true } : r.product === healthyProduct ? { ...r, threshold: 0 } : r));
  const lowBefore = [...new Set(after.filter(isLow).map((r) => r.product))];
  for (const product of lowBefore) expect(listed, `${product} is low`).toContain(product);
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});

type SheetRow = { product: string; stock: number; threshold: number; active: boolean };

/** The stock sheet's rows as shown: each row's product (the link on its
 * product's first row), stock, warning level and whether it is on sale. */
async function sheet(page: Page): Promise<SheetRow[]> {
  return page.getByTestId("sheet-row").evaluateAll((rows) => {
    let product = "";
    return rows.map((row) => {
      const link = row.querySelector("a");
      if (link) product = link.getAttribute("href") ?? "";
      const value = (column: string) => Number((row.querySelector(`input[data-cell^='${column}-']`) as HTMLInputElement).value);
      const active = (row.querySelector("input[type=checkbox]") as HTMLInputElement).checked;
      return { product, stock: value("stock"), threshold: value("threshold"), active };
    });
  });
}
