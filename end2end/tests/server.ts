// How the end-to-end tests start the app's server.
import { spawn, ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

/** The desktop and the phone project each get a server (and data) of their
 * own, so the two run side by side without seeing each other's changes. */
export const E2E_SERVERS = { desktop: { port: 3100, name: "e2e" }, phone: { port: 3105, name: "e2e-phone" } } as const;
export type E2EProject = keyof typeof E2E_SERVERS;
const ROOT = path.resolve(__dirname, "..", "..");
/** The server under test: `make test-e2e` passes the test build's binary
 * (PARTNER_CENTER_BIN); by default the release build of `make build`. */
export const BINARY = process.env.PARTNER_CENTER_BIN || path.join(ROOT, "target", "release", "partner-center");
export const SITE_ROOT = path.join(ROOT, "target", "site");
export const TMP = path.join(ROOT, "end2end", ".tmp");

/** Demo logins (src/server/demo.rs) and the operator the e2e server starts with. */
export const DEMO_OWNER = "owner@moodon.example";
export const DEMO_CS = "cs@moodon.example";
export const DEMO_PASSWORD = "moodon-demo-2026";
export const OPERATOR_EMAIL = "operator@e2e.test";
export const OPERATOR_PASSWORD = "Review#2026-e2e!";

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

/** Shell command for Playwright's webServer: a fresh data folder each run. */
export function startCommand(project: E2EProject): string {
  const { port, name } = E2E_SERVERS[project];
  const dataDir = path.join(TMP, name);
  const env =
    `LISTEN_ADDR=127.0.0.1:${port} DATA_DIR='${dataDir}' DEMO_DATA=true DEV_MODE=true ` +
    `LEPTOS_SITE_ROOT='${SITE_ROOT}' RUST_LOG=warn SETTLEMENT_INTERVAL_SECS=1`;
  return (
    `rm -rf '${dataDir}' && mkdir -p '${dataDir}' && ` +
    `${env} '${BINARY}' serve & ` +
    `sleep 1; ${env} '${BINARY}' create-operator --email ${OPERATOR_EMAIL} --password '${OPERATOR_PASSWORD}' >/dev/null ` +
    `|| { kill %1; exit 1; }; wait`
  );
}

/** The data folder of the server the running test's project uses. */
export function e2eDataDir(project: string): string {
  const server = E2E_SERVERS[project as E2EProject];
  if (!server) throw new Error(`no e2e server for project ${project}`);
  return path.join(TMP, server.name);
}

/** A server of a test's own, for tests that stop and restart it. */
export class OwnServer {
  private child?: ChildProcess;
  constructor(readonly port: number, readonly dataDir: string) {}

  static fresh(port: number, name: string): OwnServer {
    const dataDir = path.join(TMP, name);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    return new OwnServer(port, dataDir);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the binary; `env` adds or overrides settings (DATABASE_URL …). */
  async start(env: Record<string, string> = {}): Promise<void> {
    this.child = spawn(BINARY, ["serve"], {
      env: {
        ...process.env,
        LISTEN_ADDR: `127.0.0.1:${this.port}`,
        DATA_DIR: this.dataDir,
        DEMO_DATA: "true",
        DEV_MODE: "true",
        LEPTOS_SITE_ROOT: SITE_ROOT,
        RUST_LOG: "warn",
        ...env,
      },
      stdio: "ignore",
    });
    // The test build is unoptimised: loading the demo shop takes it a while.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      // A server left over on the port would answer for ours: fail instead.
      if (this.child.exitCode !== null) throw new Error(`server on port ${this.port} exited (${this.child.exitCode}): port taken?`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    // Never leave it running: it would answer for the next test's server.
    await this.kill();
    throw new Error(`server on port ${this.port} did not start`);
  }

  /** SIGKILL: no graceful shutdown, as when a machine loses power. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
}
