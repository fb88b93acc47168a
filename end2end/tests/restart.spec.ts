import { test, expect, hydrated, signIn } from "./fixtures";
import { OwnServer } from "./server";

// The SQLite file on disk keeps everything across a hard kill.
test("killing and restarting the server keeps the seller's data", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one viewport is enough for a server restart");
  const server = OwnServer.fresh(3101, "restart");
  await server.start({ DEMO_PRODUCTS: "20" }); // what is kept matters here, not how much
  try {
    await signIn(page, undefined, undefined, server.url);
    await page.goto(`${server.url}/settings/shop`);
    await hydrated(page);
    await page.getByLabel("상점 이름").fill("재시작 테스트 상점");
    await page.getByTestId("save-shop").click();
    await expect(page.locator(".toast-success")).toBeVisible();

    await server.kill();
    await server.start({ DEMO_PRODUCTS: "20" });

    // The session lives in the database too: still signed in after the restart.
    await page.goto(`${server.url}/`);
    await expect(page.getByTestId("shop-name")).toHaveText("재시작 테스트 상점");
    const health = await (await page.request.get(`${server.url}/healthz`)).json();
    expect(health.database).toBe("sqlite");
  } finally {
    await server.kill();
  }
});
