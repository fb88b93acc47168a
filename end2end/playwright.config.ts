import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions, startCommand, E2E_SERVERS } from "./tests/server";

// End-to-end tests drive Debian's Chromium (never a downloaded browser)
// against the release browser bundle, at a desktop and a 360 px phone viewport.
// The two viewports run side by side, each against a server of its own and
// each in order (one worker per project): a spec's steps build on the demo
// data the spec before left, as a seller's day does.
export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    launchOptions: chromiumLaunchOptions,
    trace: "off",
  },
  projects: [
    {
      name: "desktop",
      workers: 1,
      use: {
        browserName: "chromium",
        baseURL: `http://127.0.0.1:${E2E_SERVERS.desktop.port}`,
        viewport: { width: 1280, height: 800 },
      },
    },
    {
      name: "phone",
      workers: 1,
      use: {
        browserName: "chromium",
        baseURL: `http://127.0.0.1:${E2E_SERVERS.phone.port}`,
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
  webServer: (["desktop", "phone"] as const).map((project) => ({
    command: startCommand(project),
    url: `http://127.0.0.1:${E2E_SERVERS[project].port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  })),
});
