// English: the owner switches on /account, the app redraws in English without
// a reload, the choice survives signing out and in, and the seller's daily
// pages read in English; nothing overflows at 360 px in either language.
import type { Page } from "@playwright/test";
import { test, expect, hydrated, expectNoHorizontalOverflow, signIn } from "./fixtures";
import { bearer, deliver, demoKeys, placeOrder, uniqueId, variantWithStock } from "./channel";

const HANGUL = /[\uAC00-\uD7A3]/;

/** The app's own words on the page: navigation, headings, buttons, labels,
 * table heads, badges and hints (the shop's data — product, buyer and
 * shop names, Korean in the demo shop — lives elsewhere), without what is
 * marked as Korean (the switch names 한국어 in Korean). */
async function uiText(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("nav a, h1, button, label, th, legend, .badge, [placeholder]"))
      .filter((e) => !e.closest('[lang="ko"]') && (e as HTMLElement).offsetParent !== null)
      .map((e) => `${(e as HTMLElement).innerText} ${e.getAttribute("placeholder") ?? ""} ${e.getAttribute("aria-label") ?? ""}`)
      .join("\n"),
  );
}

async function switchBackToKorean(page: Page): Promise<void> {
  // The account keeps the language: leave it Korean for the specs after this one.
  await page.request.post("/api/set_language", {
    form: { locale: "ko" },
    headers: { "sec-fetch-site": "same-origin" },
  });
}

test.afterEach(async ({ page }) => {
  await switchBackToKorean(page);
});

test("switching to English on the account page redraws without a reload, survives signing in again, and the daily pages read in English", async ({
  page,
  request,
  consoleErrors,
}, testInfo) => {
  await signIn(page);
  // A return to read later, asked through the Channel API.
  const keys = demoKeys();
  const key = keys.channels.zigzag;
  const shopName = ((await page.getByTestId("shop-name").textContent()) ?? "").trim();
  const variant = await variantWithStock(request, key, shopName);
  const channelOrder = uniqueId(testInfo, "LANG");
  const placed = await placeOrder(request, key, variant, channelOrder);
  await deliver(page, request, keys, placed);
  const claim = await request.post("/api/channel/v1/claims", {
    headers: bearer(key),
    data: { channel_claim_id: `${channelOrder}-R`, channel_order_id: channelOrder, channel_item_id: "1", kind: "return", reason: "size_mismatch" },
  });
  expect(claim.status(), await claim.text()).toBe(201);
  const claimId: number = (await claim.json()).claim_id;

  // To the account page through the header, as a seller goes there.
  await page.goto("/");
  await hydrated(page);
  await page.getByTestId("shop-name").click();
  await page.waitForURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "내 계정" })).toBeVisible();
  // A reload would lose this.
  await page.evaluate(() => ((window as unknown as { stayed: number }).stayed = 1));

  await page.getByTestId("language-en").click();
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("language-en")).toHaveAttribute("aria-pressed", "true");
  expect(await page.evaluate(() => (window as unknown as { stayed?: number }).stayed)).toBe(1);
  expect(await uiText(page)).not.toMatch(HANGUL);
  await expectNoHorizontalOverflow(page);

  // Sign out: the sign-in page is English too; sign in again in English.
  await page.getByTestId("logout").click();
  await page.waitForURL(/\/login/);
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.context().clearCookies();
  // A fresh device: Korean until the person is known.
  await signIn(page);
  // The account's language came back with the sign-in (a fresh device).
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Home" })).toBeVisible();

  for (const [path, heading] of [
    ["/orders", "Orders"],
    ["/claims", "Claims"],
    ["/settlement", "Settlement"],
  ] as const) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    expect(await uiText(page), `${path} in English`).not.toMatch(HANGUL);
    await expectNoHorizontalOverflow(page);
  }
  // The claim's page.
  await page.goto(`/claims/${claimId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Claim details" })).toBeVisible();
  await hydrated(page);
  expect(await uiText(page), "a claim in English").not.toMatch(HANGUL);
  await expectNoHorizontalOverflow(page);

  // The header's switch goes back to Korean, again without a reload.
  await page.evaluate(() => ((window as unknown as { stayed: number }).stayed = 2));
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { level: 1, name: "클레임 상세" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  expect(await page.evaluate(() => (window as unknown as { stayed?: number }).stayed)).toBe(2);
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});
