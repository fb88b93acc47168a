import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const [name, viewport] of [["phone", { width: 360, height: 740 }], ["desk", { width: 1280, height: 800 }]]) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  await page.goto("http://127.0.0.1:3300/login");
  await page.waitForSelector("body[data-hydrated]");
  await page.getByLabel("이메일", { exact: true }).fill("owner@moodon.example");
  await page.getByLabel("비밀번호", { exact: true }).fill("moodon-demo-2026");
  await page.getByRole("button", { name: "로그인", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/vis/${name}-home.png`, fullPage: true });
  await page.goto("http://127.0.0.1:3300/orders");
  await page.waitForSelector("body[data-hydrated]");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/vis/${name}-orders.png`, fullPage: false });
  const link = page.getByTestId("order-link").first();
  if (await link.count()) {
    await link.click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `/tmp/vis/${name}-detail.png`, fullPage: true });
  }
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  console.log(name, w);
}
await browser.close();
