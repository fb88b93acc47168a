// make bench — what a browser downloads for the first page: every response
// of a cold load of "/" in Chromium (HTML, JS, WASM, CSS, icons), raw and as
// transferred (compressed). Fails when the transfer exceeds the budget.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BUDGET_KB = 350;
const PORT = 3102;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "pc-bench-"));
const url = `http://127.0.0.1:${PORT}`;

const server = spawn(path.join(root, "target/release/partner-center"), ["serve"], {
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
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
}

let exitCode = 0;
try {
  await waitUp();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  // The service worker's own precache requests are a second, background
  // download; the budget is about the page itself.
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const responses = [];
  page.on("response", (r) => responses.push(r));
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector('body[data-hydrated="true"]');

  const rows = [];
  for (const r of responses) {
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
  const kb = (n) => (n / 1024).toFixed(1).padStart(8);
  console.log("first load of / (cold cache)");
  console.log("kind      raw KB  compressed KB  encoding  path");
  for (const r of rows) {
    console.log(`${r.kind.padEnd(6)} ${kb(r.raw)} ${kb(r.transferred)}       ${r.encoding.padEnd(8)}  ${r.path}`);
  }
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, transferred: a.transferred + r.transferred }), { raw: 0, transferred: 0 });
  console.log(`total  ${kb(total.raw)} ${kb(total.transferred)}`);
  const ok = total.transferred <= BUDGET_KB * 1024;
  console.log(`budget: ${(total.transferred / 1024).toFixed(1)} KB of ${BUDGET_KB} KB compressed — ${ok ? "within budget" : "OVER BUDGET"}`);
  if (!ok) exitCode = 1;
  await browser.close();
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
