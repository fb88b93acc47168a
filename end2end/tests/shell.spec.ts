import { test, expect, hydrated, isPhone, expectNoHorizontalOverflow, signIn } from "./fixtures";

test("the home page arrives server-rendered in Korean and hydrates without console errors", async ({
  page,
  consoleErrors,
}) => {
  await signIn(page);
  // What the server sends, before any WASM runs.
  const html = await (await page.request.get("/")).text();
  expect(html).toContain('<html lang="ko"');
  expect(html).toContain("입점 상태");

  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "홈" })).toBeVisible();
  await expect(page.getByTestId("shop-name")).not.toBeEmpty();
  await expect(page.getByTestId("shop-status")).toHaveText("판매 가능");
  await hydrated(page);

  // Only the running WASM app answers this button with a toast.
  await page.getByTestId("refresh-dashboard").click();
  await expect(page.locator(".toast")).toContainText("새로 고쳤습니다");
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});

test("the sidebar on a desktop, the bottom bar on a phone, and nothing overflows", async ({
  page,
  consoleErrors,
}) => {
  await signIn(page);
  const sidebar = page.getByRole("navigation", { name: "주 메뉴" });
  const bottomBar = page.getByRole("navigation", { name: "하단 메뉴" });
  if (isPhone(page)) {
    await expect(bottomBar).toBeVisible();
    await expect(sidebar).toBeHidden();
    const box = await bottomBar.boundingBox();
    expect(box, "bottom navigation has a box").not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(page.viewportSize()!.height + 1);
    expect(box!.y).toBeGreaterThan(page.viewportSize()!.height / 2);
  } else {
    await expect(sidebar).toBeVisible();
    await expect(bottomBar).toBeHidden();
  }
  const nav = isPhone(page) ? bottomBar : sidebar;
  for (const label of ["주문 관리", "상점 정보", "직원 관리", "활동 기록", "내 계정", "홈"]) {
    // On a phone the owner's last places sit behind "더보기" (a <details> menu).
    const behindMore = (await nav.getByRole("link", { name: label }).count()) === 0;
    if (behindMore) await nav.getByTestId("nav-more").click();
    await nav.getByRole("link", { name: label }).click();
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(nav.getByRole("link", { name: label, includeHidden: true })).toHaveAttribute("aria-current", "page");
    if (behindMore) {
      // Navigating closes the menu again.
      await expect(nav.locator("details.more-menu")).not.toHaveAttribute("open");
    }
    await expectNoHorizontalOverflow(page);
  }
  expect(consoleErrors).toEqual([]);
});

test("an unknown address shows the Korean 404 page with a way home", async ({ page }) => {
  await signIn(page);
  const res = await page.goto("/없는-페이지");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "페이지를 찾을 수 없습니다" })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await page.getByRole("link", { name: "홈으로 가기" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "홈" })).toBeVisible();
});

test("a signed-out visitor is sent to the Korean login page", async ({ page, consoleErrors }) => {
  const res = await page.goto("/settings/shop");
  expect(new URL(page.url()).pathname).toBe("/login");
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "로그인" })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});

test("pages hydrate under the Content-Security-Policy with no violation", async ({ page, consoleErrors }) => {
  // Every blocked script, style, connection or frame fires this event in the page.
  await page.addInitScript(() => {
    (window as any).__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as any).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const violations = () => page.evaluate(() => (window as any).__cspViolations as string[]);
  const login = await page.goto("/login");
  const csp = login?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src [^;]*'nonce-[^']+'[^;]*'wasm-unsafe-eval'/);
  expect(login?.headers()["x-content-type-options"]).toBe("nosniff");
  await hydrated(page);
  expect(await violations()).toEqual([]);

  await signIn(page);
  // The home page's live stream, the settlement pages (catalogue, charts) and
  // the shop settings (forms) each hydrate with nothing refused.
  for (const path of ["/", "/settlement", "/settings/shop"]) {
    const res = await page.goto(path);
    expect(res?.headers()["content-security-policy"], path).toContain("'nonce-");
    await hydrated(page);
    await page.waitForTimeout(300);
    expect(await violations(), path).toEqual([]);
  }
  // A client-side navigation after hydration loads the area's bundle chunk under the same policy.
  await page.goto("/");
  await hydrated(page);
  if (!isPhone(page)) {
    await page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "상점 정보" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "상점 정보" })).toBeVisible();
    expect(await violations()).toEqual([]);
  }
  expect(consoleErrors).toEqual([]);
});
