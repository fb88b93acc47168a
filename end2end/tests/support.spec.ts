// 문의 and 리뷰 in a real browser: an inquiry posted through the Channel API
// appears live and is answered with a template; a review of a delivered item
// gets a reply and is picked as best. Both flows run in both projects, at
// 1280 px and on a 360 px phone (no width is forced here).
import { test, expect, hydrated, expectNoHorizontalOverflow, signIn, PNG_1PX } from "./fixtures";
import { DEMO_CS } from "./server";
import { bearer, cjTrackingNumber, demoKeys, placeOrder, postCarrierEvent, shopName, uniqueId, variantWithStock as listedProduct } from "./channel";

test("an inquiry arrives live and is answered with a template", async ({ page, request, consoleErrors }, testInfo) => {
  const keys = demoKeys();
  // CS 담당 answers inquiries.
  await signIn(page, DEMO_CS);
  const product = await listedProduct(request, keys.channels.zigzag, await shopName(page));
  const token = uniqueId(testInfo, "Q");

  await page.goto("/inquiries");
  await hydrated(page);
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");
  await expectNoHorizontalOverflow(page);

  // A template of the shop's own.
  const templateTitle = `배송 안내 ${Date.now() % 100000}`;
  const templateBody = "주문하신 상품은 영업일 기준 2일 안에 출고됩니다.";
  await page.getByTestId("template-manager").locator("summary").click();
  await page.getByTestId("template-title").fill(templateTitle);
  await page.getByTestId("template-body").fill(templateBody);
  await page.getByTestId("template-save").click();
  await expect(page.getByTestId("template-list")).toContainText(templateTitle);

  // Only this run's inquiry in view, whatever else the shop has.
  await page.getByTestId("inquiry-search").fill(token);
  await page.getByTestId("inquiry-search").press("Enter");
  await expect(page.getByTestId("inquiry-list").locator("li")).toHaveCount(0);

  const res = await request.post("/api/channel/v1/inquiries", {
    headers: bearer(keys.channels.zigzag),
    data: {
      channel_inquiry_id: token,
      kind: "product",
      product_id: product.product_id,
      buyer_name: "김민지",
      category: "delivery",
      title: "배송 문의",
      body: `언제 출고되나요? ${token}`,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { inquiry_id, due_at } = await res.json();
  expect(due_at).toMatch(/T23:59:59\.999\+09:00$/);

  // Live, without a reload.
  const row = page.getByTestId(`inquiry-row-${inquiry_id}`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("inquiry-status")).toHaveText("미답변");
  await expect(row.getByTestId("inquiry-due")).toContainText("답변기한");

  // Template in, edited, sent.
  await row.getByTestId("inquiry-answer-open").click();
  await row.getByTestId("inquiry-template-picker").selectOption({ label: templateTitle });
  const input = row.getByTestId("inquiry-answer-input");
  await expect(input).toHaveValue(templateBody);
  const answer = `${templateBody} 오늘 오후 출고 예정입니다.`;
  await input.fill(answer);
  await expectNoHorizontalOverflow(page);
  await row.getByTestId("inquiry-answer-submit").click();

  await expect(row.getByTestId("inquiry-status")).toHaveText("답변완료");
  await expect(row.getByTestId("inquiry-answer")).toHaveText(answer);
  await expectNoHorizontalOverflow(page);

  // The channel reads the answer from its feed.
  let found = false;
  let cursor = 0;
  for (let i = 0; i < 50 && !found; i++) {
    const feed = await request.get(`/api/channel/v1/inquiry-answers?limit=500&cursor=${cursor}`, { headers: bearer(keys.channels.zigzag) });
    expect(feed.status()).toBe(200);
    const body = await feed.json();
    found = body.answers.some((a: { channel_inquiry_id: string; body: string }) => a.channel_inquiry_id === token && a.body === answer);
    if (body.answers.length === 0) break;
    cursor = body.next_cursor;
  }
  expect(found).toBe(true);
  expect(consoleErrors).toEqual([]);
});

test("a review of a delivered item gets a reply and is picked as best", async ({ page, request, consoleErrors }, testInfo) => {
  // The channel hosts review photos; the test serves them.
  await page.route("https://img.e2e.test/**", (route) => route.fulfill({ status: 200, contentType: "image/png", body: PNG_1PX }));
  const keys = demoKeys();
  await signIn(page);
  const product = await listedProduct(request, keys.channels.zigzag, await shopName(page));

  // A buyer's order, shipped by the seller, delivered by the carrier.
  const channelOrderId = uniqueId(testInfo, "RV");
  const itemId = (await placeOrder(request, keys.channels.zigzag, product, channelOrderId)).item_id;
  await page.goto("/orders");
  await hydrated(page);
  const tracking = cjTrackingNumber();
  await page.getByTestId(`courier-${itemId}`).selectOption("cj");
  await page.getByTestId(`tracking-${itemId}`).fill(tracking);
  await page.getByTestId(`ship-${itemId}`).click();
  await expect(page.getByTestId(`order-row-${itemId}`).getByTestId("order-status")).toHaveText("배송중");
  const delivered = await postCarrierEvent(request, keys, { courier: "cj", tracking_number: tracking, status: "delivered" });
  expect(delivered.status(), await delivered.text()).toBe(200);

  await page.goto("/reviews");
  await hydrated(page);
  await expect(page.locator("body")).toHaveAttribute("data-live", "open");
  await expectNoHorizontalOverflow(page);

  const posted = await request.post("/api/channel/v1/reviews", {
    headers: bearer(keys.channels.zigzag),
    data: {
      channel_review_id: uniqueId(testInfo, "R"),
      channel_order_id: channelOrderId,
      channel_item_id: "1",
      rating: 5,
      body: "핏이 예쁘고 소재가 좋아요.",
      photos: ["https://img.e2e.test/r/1.png", "https://img.e2e.test/r/2.png"],
      buyer_name: "김*지",
    },
  });
  expect(posted.status(), await posted.text()).toBe(201);
  const { review_id } = await posted.json();

  // Live, newest first, with lazy thumbnails of a fixed size.
  const row = page.getByTestId(`review-row-${review_id}`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("review-rating")).toContainText("★★★★★");
  const photos = row.getByTestId("review-photos").locator("img");
  await expect(photos).toHaveCount(2);
  await expect(photos.first()).toHaveAttribute("loading", "lazy");
  await expect(photos.first()).toHaveAttribute("width", "64");

  await row.getByTestId("review-reply-input").fill("소중한 리뷰 감사합니다!");
  await row.getByTestId("review-reply-submit").click();
  await expect(row.getByTestId("review-reply")).toHaveText("소중한 리뷰 감사합니다!");

  await row.getByTestId("review-best").click();
  await expect(row.getByTestId("review-best-badge")).toBeVisible();
  await expect(row.getByTestId("review-best")).toHaveText("베스트 해제");

  // The reply survives a reload.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId(`review-row-${review_id}`).getByTestId("review-reply")).toHaveText("소중한 리뷰 감사합니다!");
  await expectNoHorizontalOverflow(page);
  expect(consoleErrors).toEqual([]);
});
