// Opens claimgraph's GraphiQL page in Debian's Chromium (headless, no other host reachable), runs
// the default query with the run button, and prints a JSON report on stdout for
// tests/e2e/test_graphiql_browser.py to judge:
//   node run.cjs URL CHROMIUM EXPECTED_TEXT [SCREENSHOT.png]
// Every request to another origin is aborted and recorded (and the resolver knows no other host
// anyway); console errors, page errors, failed requests and HTTP errors are all recorded.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");

const [url, executablePath, expected, screenshot] = process.argv.slice(2);
const STEP_TIMEOUT = 60_000; // ms; generous: a refusal must come back, not come back fast

async function main() {
  const origin = new URL(url).origin;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "claimgraph-chromium-"));
  const report = {
    url,
    requests: [],
    offOrigin: [],
    failedRequests: [],
    httpErrors: [],
    consoleErrors: [],
    pageErrors: [],
    defaultQueryShown: false,
    resultText: "",
    renderedText: "",
    error: null,
  };
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 1600 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    await context.route("**/*", (route) => {
      const requested = route.request().url();
      if (new URL(requested).origin !== origin && !requested.startsWith("data:")) {
        report.offOrigin.push(requested);
        return route.abort("blockedbyclient");
      }
      return route.continue();
    });
    page.on("request", (request) => report.requests.push(`${request.method()} ${request.url()}`));
    page.on("requestfailed", (request) =>
      report.failedRequests.push(`${request.url()}: ${request.failure() && request.failure().errorText}`),
    );
    page.on("response", (response) => {
      if (response.status() >= 400) report.httpErrors.push(`${response.status()} ${response.url()}`);
    });
    page.on("console", (message) => {
      if (message.type() === "error") report.consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => report.pageErrors.push(String(error)));

    await page.goto(url, { waitUntil: "load", timeout: STEP_TIMEOUT });
    const run = page.locator(".graphiql-execute-button");
    await run.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
    const editorValue = () =>
      page.evaluate(() => {
        const cm = document.querySelector(".graphiql-query-editor .CodeMirror");
        return cm && cm.CodeMirror ? cm.CodeMirror.getValue() : "";
      });
    report.defaultQueryShown = (await editorValue()).includes("query Dossier");
    // The schema arrives by introspection; run once the editor and schema are there.
    await page.waitForFunction(() => !document.querySelector(".graphiql-spinner"), null, {
      timeout: STEP_TIMEOUT,
    });
    await run.click();
    await page.waitForFunction(
      (text) => {
        const cm = document.querySelector(".result-window .CodeMirror");
        return Boolean(cm && cm.CodeMirror && cm.CodeMirror.getValue().includes(text));
      },
      expected,
      { timeout: STEP_TIMEOUT },
    );
    report.resultText = await page.evaluate(
      () => document.querySelector(".result-window .CodeMirror").CodeMirror.getValue(),
    );
    report.renderedText = await page.locator(".result-window").innerText();
    if (screenshot) await page.screenshot({ path: screenshot });
  } catch (error) {
    report.error = String(error && error.stack ? error.stack : error);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(2);
});
