import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions, startCommand, E2E_PORT } from "./tests/server";

// End-to-end tests drive Debian's Chromium (never a downloaded browser)
// against the release build, at a desktop and a 360 px phone viewport.
export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    launchOptions: chromiumLaunchOptions,
    trace: "off",
  },
  projects: [
    {
      name: "desktop",
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 } },
    },
    {
      name: "phone",
      use: {
        browserName: "chromium",
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
  webServer: {
    command: startCommand("e2e"),
    url: `http://127.0.0.1:${E2E_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
