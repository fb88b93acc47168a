// 매출 현황 in a real browser, at desk width and on a 360 px phone (both
// projects): an order paid through the Channel API shows in today's revenue,
// the daily line chart has a point per day whose value a tap or click shows,
// the period switches to 30일 through the URL, a backwards custom period is
// refused in Korean, and nothing sticks out sideways.
import { test, expect, hydrated, expectNoHorizontalOverflow, isPhone, signIn } from "./fixtures";
import { demoKeys, placeOrder, shopName, uniqueId, variantWithStock } from "./channel";
import type { Page } from "@playwright/test";

const won = (n: number) => `${n.toLocaleString("ko-KR")}원`;

/** Today in Korea, `YYYY-MM-DD`. */
function kstToday(offsetDays = 0): string {
  return new Date(Date.now() + 9 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function revenue(page: Page): Promise<number> {
  const text = (await page.getByTestId("sales-revenue").textContent()) ?? "";
  return Number(text.replace(/[^0-9-]/g, ""));
}

async function press(page: Page, target: ReturnType<Page["locator"]>): Promise<void> {
  if (isPhone(page)) {
    await target.tap();
  } else {
    await target.click();
  }
}

test("today's sales, the daily chart with values on tap, 30 days and a linked period", async ({ page, request, consoleErrors }, testInfo) => {
  const keys = demoKeys();
  await signIn(page);

  await page.goto("/sales?range=today");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "매출 현황" })).toBeVisible();
  await expect(page.getByTestId("period-today")).toHaveAttribute("aria-current", "page");
  const before = await revenue(page);

  // A buyer pays on 지그재그.
  const v = await variantWithStock(request, keys.channels.zigzag, await shopName(page));
  await placeOrder(request, keys.channels.zigzag, v, uniqueId(testInfo, "SALES"));
  const sale = v.unit_price + v.option_price;

  await page.reload();
  await hydrated(page);
  const card = page.getByTestId("sales-card-revenue");
  await expect(card).toContainText("매출");
  await expect(page.getByTestId("sales-revenue")).toHaveText(won(before + sale));
  await expect(page.getByTestId("sales-orders")).not.toHaveText("0건");
  await expectNoHorizontalOverflow(page);

  // The last 7 days: an SVG line with a point per day; today's value on tap/click.
  await page.getByTestId("period-7d").click();
  await expect(page).toHaveURL(/\/sales\?range=7d$/);
  await expect(page.getByTestId("period-7d")).toHaveAttribute("aria-current", "page");
  const chart = page.getByTestId("sales-daily-chart");
  await expect(chart.locator("svg path.chart-line").first()).toBeVisible();
  const points = chart.getByTestId("chart-point");
  await expect(points).toHaveCount(7);
  await expect(points.last().locator("title")).toContainText(won(before + sale));
  await expectNoHorizontalOverflow(page);

  // Clear of the phone's bottom bar.
  await chart.evaluate((el) => el.scrollIntoView({ block: "center" }));
  await press(page, points.last());
  const tip = chart.getByTestId("chart-tooltip");
  await expect(tip).toBeVisible();
  await expect(tip.getByTestId("chart-tooltip-value")).toHaveText(won(before + sale));
  await expect(tip).toContainText("이전 기간");
  await expectNoHorizontalOverflow(page);

  // The channel bar chart names 지그재그.
  await expect(page.getByTestId("sales-channel-chart")).toContainText("지그재그");

  // 30일: linkable, 30 points.
  await page.getByTestId("period-30d").click();
  await expect(page).toHaveURL(/\/sales\?range=30d$/);
  await expect(page.getByTestId("sales-period")).toContainText("(30일)");
  await expect(chart.getByTestId("chart-point")).toHaveCount(30);
  await expectNoHorizontalOverflow(page);

  // A good custom period, opened from its link.
  await page.goto(`/sales?from=${kstToday(-2)}&to=${kstToday()}`);
  await hydrated(page);
  await expect(page.getByTestId("period-custom")).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId("sales-from")).toHaveValue(kstToday(-2));
  await expect(page.getByTestId("sales-daily-chart").getByTestId("chart-point")).toHaveCount(3);
  await expectNoHorizontalOverflow(page);
});

// No console-error check here: the browser logs the refused request (HTTP 422) itself.
test("a custom period ending before it starts is refused in Korean", async ({ page }) => {
  await signIn(page);
  await page.goto("/sales");
  await hydrated(page);
  await expect(page.getByTestId("period-7d")).toHaveAttribute("aria-current", "page");
  // 직접 선택 with the end before the start: a clear refusal, in Korean.
  await page.getByTestId("period-custom").click();
  await page.getByTestId("sales-from").fill(kstToday());
  await page.getByTestId("sales-to").fill(kstToday(-1));
  await page.getByTestId("sales-apply").click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}&to=/);
  await expect(page.getByTestId("sales-error")).toContainText("종료일이 시작일보다 앞설 수 없습니다");
  await expectNoHorizontalOverflow(page);
});
