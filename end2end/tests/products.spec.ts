import { deflateSync } from "node:zlib";
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

test("the stock sheet saves a changed stock and the low-stock filter finds it", async ({ page, consoleErrors }) => {
  await signIn(page);
  await page.goto("/products/stock");
  await hydrated(page);
  const first = page.getByTestId("sheet-row").first();
  await expect(first).toBeVisible();
  const stock = first.locator("input[data-cell^='stock-']");
  await stock.fill("1");
  await expect(page.getByTestId("change-count")).toContainText("1");
  await page.getByTestId("save-sheet").click();
  await expect(page.locator(".toast-success")).toContainText("저장했습니다");
  await expect(page.getByTestId("sheet-row").first().locator("input[data-cell^='stock-']")).toHaveValue("1");
  await page.getByTestId("filter-low-stock").check();
  await expect(page.getByTestId("sheet-row").first()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});
