import { chromium } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, hydrated, signIn } from "./fixtures";
import { chromiumLaunchOptions } from "./server";

// Installability is judged for a real profile (an incognito context never
// offers "Install app"), so this test opens a persistent one.
test("Chromium finds the app installable: manifest, icons and a service worker", async ({
  baseURL,
}, testInfo) => {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "pc-profile-"));
  const project = testInfo.project.use;
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...chromiumLaunchOptions,
    viewport: project.viewport,
    isMobile: project.isMobile,
    hasTouch: project.hasTouch,
    locale: "ko-KR",
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(`${baseURL}/`);
    await hydrated(page);
    const scriptURL = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.active?.scriptURL ?? "";
    });
    expect(scriptURL).toMatch(/\/sw\.js$/);

    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data!);
    expect(parsed.display).toBe("standalone");
    expect(parsed.short_name).toBe("파트너센터");
    // An empty list means Chromium would offer "Install app".
    const installability = await cdp.send("Page.getInstallabilityErrors");
    expect(installability.installabilityErrors).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});

test("with the network gone the seller gets the offline page, and no API answer is ever cached", async ({
  page,
  context,
}) => {
  await signIn(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // A load under the active worker's control, which also calls server functions.
  await page.reload();
  await hydrated(page);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.getByTestId("refresh-dashboard").click();
  await expect(page.locator(".toast")).toBeVisible();

  const cached: string[] = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const req of await cache.keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain("/offline.html");
  expect(cached.some((u) => u.startsWith("/pkg/") && u.endsWith(".wasm"))).toBe(true);
  expect(cached.filter((u) => u.startsWith("/api/"))).toEqual([]);

  await context.setOffline(true);
  await page.goto("/settings/shop").catch(() => undefined);
  await expect(page.getByRole("heading", { name: "오프라인 상태입니다" })).toBeVisible();
  await context.setOffline(false);
});

test("the shell shows a clear notice when the connection drops", async ({ page, context }) => {
  await signIn(page);
  await context.setOffline(true);
  await expect(page.getByRole("alert").filter({ hasText: "오프라인 상태입니다" })).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByRole("alert").filter({ hasText: "오프라인 상태입니다" })).toBeHidden();
});
