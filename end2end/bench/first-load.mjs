// make bench — what a browser downloads for a first visit, from a cold
// cache: every response (HTML, JS, WASM, CSS, icons), raw and as transferred
// (compressed), for two pages, in Korean and in English (each loads only its
// own language's catalogue):
//   /login signed out (where every visitor lands), and
//   /      signed in as the demo owner (the dashboard a seller opens).
// Fails when any transfer exceeds the budget.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BUDGET_KB = 350;
const PORT = 3102;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = process.env.PARTNER_CENTER_BIN || path.join(root, "target/release/partner-center");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "pc-bench-"));
const url = `http://127.0.0.1:${PORT}`;
const DEMO_OWNER = "owner@moodon.example";
const DEMO_PASSWORD = "moodon-demo-2026";

const server = spawn(binary, ["serve"], {
  env: {
    ...process.env,
    LISTEN_ADDR: `127.0.0.1:${PORT}`,
    DATA_DIR: dataDir,
    DEMO_DATA: "true",
    LEPTOS_SITE_ROOT: path.join(root, "target/site"),
    RUST_LOG: "warn",
  },
  stdio: "ignore",
});

async function waitUp() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
}

const kb = (n) => (n / 1024).toFixed(1).padStart(8);

/** Loads `pagePath` in a fresh context (cold cache) and prints what came. */
async function measure(browser, title, pagePath, storageState) {
  // The service worker's own precache requests are a second, background
  // download; the budget is about the page itself.
  const context = await browser.newContext({ serviceWorkers: "block", storageState });
  const page = await context.newPage();
  const responses = [];
  page.on("response", (r) => responses.push(r));
  // Not "networkidle": a signed-in page holds its live-event stream open.
  await page.goto(url + pagePath, { waitUntil: "load" });
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.waitForTimeout(1500);
  const landed = new URL(page.url()).pathname;
  const htmlLang = await page.getAttribute("html", "lang");
  if (landed !== pagePath) throw new Error(`${title}: expected ${pagePath}, landed on ${landed}`);

  const rows = [];
  for (const r of responses) {
    // The live-event stream (SSE) never ends; it carries no code.
    if (new URL(r.url()).pathname === "/api/events") continue;
    const req = r.request();
    const sizes = await req.sizes();
    let raw = 0;
    try {
      raw = (await r.body()).length;
    } catch {}
    const p = new URL(r.url()).pathname;
    const kind = p.endsWith(".wasm") ? "wasm" : p.endsWith(".js") ? "js" : p.endsWith(".css") ? "css"
      : req.resourceType() === "document" ? "html" : req.resourceType();
    rows.push({ kind, path: p, raw, transferred: Math.max(0, sizes.responseBodySize), encoding: r.headers()["content-encoding"] ?? "-" });
  }
  await context.close();

  console.log(`\nfirst load of ${title} (cold cache, <html lang="${htmlLang}">)`);
  console.log("kind      raw KB  compressed KB  encoding  path");
  const byKind = {};
  for (const r of rows) {
    if (process.env.FIRST_LOAD_ALL || r.transferred >= 2048 || r.kind === "html") {
      console.log(`${r.kind.padEnd(6)} ${kb(r.raw)} ${kb(r.transferred)}       ${r.encoding.padEnd(8)}  ${r.path}`);
    }
    const k = (byKind[r.kind] ??= { n: 0, raw: 0, transferred: 0 });
    k.n++;
    k.raw += r.raw;
    k.transferred += r.transferred;
  }
  for (const [kind, k] of Object.entries(byKind)) {
    console.log(`  ${kind.padEnd(6)} ${String(k.n).padStart(4)} files ${kb(k.raw)} ${kb(k.transferred)}`);
  }
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, transferred: a.transferred + r.transferred }), { raw: 0, transferred: 0 });
  console.log(`total  ${kb(total.raw)} ${kb(total.transferred)}   (${rows.length} requests)`);
  const ok = total.transferred <= BUDGET_KB * 1024;
  console.log(`budget ${title}: ${(total.transferred / 1024).toFixed(1)} KB of ${BUDGET_KB} KB compressed — ${ok ? "within budget" : "OVER BUDGET"}`);
  return ok;
}

let exitCode = 0;
try {
  await waitUp();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const lang = (l) => ({ name: "lang", value: l, domain: "127.0.0.1", path: "/" });
  if (!(await measure(browser, "/login, signed out, Korean", "/login", { cookies: [lang("ko")], origins: [] }))) exitCode = 1;
  if (!(await measure(browser, "/login, signed out, English", "/login", { cookies: [lang("en")], origins: [] }))) exitCode = 1;

  // Sign in once (through the form, as a seller does), keep only the
  // session cookie, and open the dashboard in a context with a cold cache.
  const signIn = await browser.newContext({ serviceWorkers: "block", locale: "ko-KR" });
  const page = await signIn.newPage();
  await page.goto(`${url}/login`);
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByLabel("이메일", { exact: true }).fill(DEMO_OWNER);
  await page.getByLabel("비밀번호", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "로그인", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  const state = await signIn.storageState();
  await signIn.close();
  const session = state.cookies.filter((c) => c.name !== "lang");
  for (const l of ["ko", "en"]) {
    const title = `/, signed in as the demo owner, ${l === "ko" ? "Korean" : "English"}`;
    if (!(await measure(browser, title, "/", { cookies: [...session, lang(l)], origins: [] }))) exitCode = 1;
  }
  await browser.close();
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
