// A page fixture that fails the test on any console error or uncaught
// exception, and waits for hydration helpers.
import { test as base, expect, Page } from "@playwright/test";
import { DEMO_OWNER, DEMO_PASSWORD } from "./server";

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(String(err)));
    await use(errors);
    expect(errors, "console errors").toEqual([]);
  },
});

export { expect };

/** The WASM app marks <body data-hydrated> once it has taken over the page.
 * Up to 30 s: the two viewports run side by side on two cores, and a test
 * that starts servers of its own shares them with a browser, the other
 * project's server and its own unoptimised server. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
}

export function isPhone(page: Page): boolean {
  return (page.viewportSize()?.width ?? 1280) <= 768;
}

/** Nothing may stick out sideways at the current width. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(overflow.scroll, `page is ${overflow.scroll}px wide in a ${overflow.client}px viewport`).toBeLessThanOrEqual(
    overflow.client,
  );
}

/** Signs in through the login page, as a seller would. */
export async function signIn(page: Page, email = DEMO_OWNER, password = DEMO_PASSWORD, base = ""): Promise<void> {
  await page.goto(`${base}/login`);
  await hydrated(page);
  await page.getByLabel("이메일", { exact: true }).fill(email);
  await page.getByLabel("비밀번호", { exact: true }).fill(password);
  await page.getByRole("button", { name: "로그인", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await hydrated(page);
}

/** A random 사업자등록번호 that passes the national checksum. */
export function validBusinessNumber(): string {
  const d = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  d[0] = 1 + (d[0] % 9);
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let sum = d.reduce((a, x, i) => a + x * w[i], 0) + Math.floor((d[8] * 5) / 10);
  const check = (10 - (sum % 10)) % 10;
  const s = [...d, check].join("");
  return `${s.slice(0, 3)}-${s.slice(3, 5)}-${s.slice(5)}`;
}

/** Smallest valid PNG: a stand-in for a photographed 사업자등록증. */
export const PNG_1PX = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
