import { test, expect, hydrated, isPhone, expectNoHorizontalOverflow, signIn } from "./fixtures";

test("the seller saves the shop profile and the header follows without a reload", async ({
  page,
  consoleErrors,
}) => {
  await signIn(page);
  await page.goto("/settings/shop");
  await hydrated(page);
  await expectNoHorizontalOverflow(page);
  const name = `무드온 ${isPhone(page) ? "모바일" : "데스크톱"} ${Date.now() % 100000}`;
  await page.getByLabel("상점 이름").fill(name);
  await page.getByLabel("고객센터 전화번호").fill("01012345678");
  await page.getByTestId("save-shop").click();
  await expect(page.locator(".toast-success")).toContainText("상점 정보를 저장했습니다");
  await expect(page.getByTestId("shop-name")).toHaveText(name);

  await page.reload();
  await expect(page.getByLabel("상점 이름")).toHaveValue(name);
  await expect(page.getByLabel("고객센터 전화번호")).toHaveValue("010-1234-5678");
  expect(consoleErrors).toEqual([]);
});

test("an empty shop name is refused in Korean and nothing is saved", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  await signIn(page);
  await page.goto("/settings/shop");
  await hydrated(page);
  const before = (await page.getByTestId("shop-name").textContent())!.trim();
  await page.getByLabel("상점 이름").fill("   ");
  await page.getByTestId("save-shop").click();
  await expect(page.locator(".field-error")).toHaveText("상점 이름을 입력해 주세요.");
  await expect(page.getByLabel("상점 이름")).toHaveAttribute("aria-invalid", "true");
  await page.reload();
  await expect(page.getByLabel("상점 이름")).toHaveValue(before);
  expect(errors).toEqual([]);
});
