/**
 * The end-to-end flow, through the page only: sign up → workspace → collection → folder → request using
 * {{base}} from an environment → send to a local echo server → status, duplicate headers and body → history →
 * reload, all still there → a second user invited as a viewer cannot edit, and sees Alice's next changes live; her
 * own second tab hears them too, and one holding edits is told of a newer version instead of losing them.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { answerPrompt, appUrl, choose, echoUrl, openFromTree, shoot, signUp, signUpWithWorkspace, uniqueEmail } from "./support";

test("a team's first request, from sign-up to a read-only teammate", async ({ page, browser }) => {
  const alice = uniqueEmail("alice");
  const bob = uniqueEmail("bob");

  // --- sign up and create the first workspace
  await page.goto(appUrl() + "/");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await shoot(page, "01-login");
  await signUp(page, "Alice Martin", alice);
  await page.getByLabel("Workspace name").fill("Acme Payments");
  await shoot(page, "02-first-workspace");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/w\/ws_/);
  await expect(page.getByRole("button", { name: "Switch workspace" })).toContainText("Acme Payments");
  await shoot(page, "03-empty-workspace");

  // --- an environment with a base URL and a secret
  await page.getByRole("link", { name: "Environments" }).click();
  await page.getByRole("button", { name: "New environment" }).first().click();
  await answerPrompt(page, "Local");
  await page.getByLabel("Variable name 1").fill("base");
  await page.getByLabel("Variable value 1").fill(echoUrl());
  await page.getByLabel("Variable name 2").fill("token");
  await page.getByLabel("Variable value 2").fill("s3cr3t-token");
  await page.getByLabel("Secret 2").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();
  await choose(page, "Active environment", "Local");
  await shoot(page, "04-environments");

  // --- collection → folder → request
  await page.getByRole("link", { name: "Collections" }).click();
  await page.getByRole("button", { name: "New collection" }).first().click();
  await answerPrompt(page, "Payments API");
  await page.getByRole("treeitem", { name: "Payments API" }).click({ button: "right" });
  await page.getByRole("menuitem", { name: "New folder" }).click();
  await answerPrompt(page, "Invoices");
  await page.getByRole("treeitem", { name: "Invoices" }).click({ button: "right" });
  await page.getByRole("menuitem", { name: "New request" }).click();
  await answerPrompt(page, "Create invoice");
  await expect(page.getByLabel("Request name")).toHaveValue("Create invoice");

  await choose(page, "Method", "POST");
  await page.getByRole("textbox", { name: "URL", exact: true }).fill("{{base}}/echo?kind=invoice&kind=draft");
  await expect(page.getByLabel("Param key 2")).toHaveValue("kind");
  await page.getByRole("tablist", { name: "Request sections" }).getByRole("tab", { name: /Headers/ }).click();
  await page.getByLabel("Header key 1").fill("X-Dup");
  await page.getByLabel("Header value 1").fill("one");
  await page.getByLabel("Header key 2").fill("X-Dup");
  await page.getByLabel("Header value 2").fill("two");
  await page.getByRole("tablist", { name: "Request sections" }).getByRole("tab", { name: /Body/ }).click();
  await page.getByRole("radio", { name: "JSON" }).check();
  const body = page.getByLabel("Request body");
  await body.click();
  await page.keyboard.insertText('{"amount": 42, "token": "{{token}}"}');
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("tab", { name: /unsaved changes/ })).toHaveCount(0);

  // --- send: the result comes back over the WebSocket
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("response-status")).toContainText("200");
  // the echo server saw both X-Dup headers in order, the JSON body, and the secret resolved on the server
  await page.getByRole("group", { name: "Body view" }).getByRole("button", { name: "Raw" }).click();
  const raw = page.getByTestId("response-raw");
  await expect(raw).toContainText('["X-Dup", "one"], ["X-Dup", "two"]');
  // The secret was resolved on the server (39 bytes is the body with "s3cr3t-token" in it; "{{token}}" would be 36)
  // and is redacted in what is stored and shown.
  await expect(raw).toContainText('["Content-Length", "39"]');
  await expect(raw).toContainText('{\\"amount\\": 42, \\"token\\": \\"<redacted>\\"}');
  await expect(raw).not.toContainText("s3cr3t-token");
  await expect(raw).toContainText('"query": "kind=invoice&kind=draft"');
  await shoot(page, "05-request-and-response");

  // --- its code: the dialog says what each client does differently for this request (the X-Dup pair)
  await page.getByRole("button", { name: "Code" }).click();
  await page.getByLabel("Target").selectOption({ label: "Python (requests)" });
  await expect(page.getByTestId("codegen-notes")).toContainText("a repeated header is sent once");
  await expect(page.getByLabel("Generated code")).toContainText("requests.request");
  await shoot(page, "05b-code-snippet");
  await page.getByLabel("Target").selectOption({ label: "cURL" });
  await expect(page.getByTestId("codegen-notes")).toContainText("exactly");
  await expect(page.getByLabel("Generated code")).toContainText("--location --max-redirs 10");
  // variables resolved from the active environment; the secret stays a placeholder unless asked for
  const code = page.getByLabel("Generated code");
  await page.getByLabel("Resolve variables").check();
  await expect(code).toContainText(`--url '${echoUrl()}/echo?kind=invoice&kind=draft'`);
  await expect(code).toContainText("<secret>");
  await expect(code).not.toContainText("s3cr3t-token");
  await page.getByLabel("Include secret values").check();
  await expect(code).toContainText("s3cr3t-token");
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

  // --- duplicate response headers: a second tab against /dup
  await page.getByRole("button", { name: "New request tab" }).click();
  await page.getByRole("textbox", { name: "URL", exact: true }).fill("{{base}}/dup");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("response-status")).toContainText("200");
  await page.getByRole("tablist", { name: "Response sections" }).getByRole("tab", { name: /Headers/ }).click();
  const received = page.getByRole("table", { name: "Response headers" });
  await expect(received.getByRole("row", { name: /Set-Cookie/ })).toHaveCount(2);
  await expect(received.getByRole("row", { name: /X-Dup one/ })).toHaveCount(1);
  await expect(received.getByRole("row", { name: /X-Dup two/ })).toHaveCount(1);
  await shoot(page, "06-duplicate-headers");

  // --- history shows both
  await page.getByRole("link", { name: "History" }).click();
  const history = page.getByRole("complementary");
  await expect(history.getByText(/\/echo\?kind=invoice/).first()).toBeVisible();
  await expect(history.getByText(/\/dup/).first()).toBeVisible();
  await shoot(page, "07-history");
  // ... and goes out as HAR (an export job through S3): both sends, with what came back
  const harDownload = page.waitForEvent("download", { timeout: 60_000 });
  await page.getByRole("button", { name: "Export history as HAR" }).click();
  const harFile = await harDownload;
  const har = JSON.parse(readFileSync((await harFile.path())!, "utf8")) as
    { log: { entries: { request: { method: string; url: string }; response: { status: number } }[] } };
  expect(har.log.entries.map((e) => e.request.url).join(" ")).toMatch(/\/echo\?kind=invoice.*\/dup|\/dup.*\/echo/);
  expect(har.log.entries.every((e) => e.response.status === 200)).toBe(true);

  // --- reload: everything is still there
  await page.reload();
  await page.getByRole("link", { name: "Collections" }).click();
  await openFromTree(page, ["Payments API", "Invoices"], "Create invoice");
  await expect(page.getByRole("textbox", { name: "URL", exact: true })).toHaveValue("{{base}}/echo?kind=invoice&kind=draft");
  await expect(page.getByLabel("Active environment").locator("option:checked")).toHaveText("Local");

  // --- invite Bob as a viewer
  await page.getByRole("link", { name: "Team" }).click();
  await page.getByLabel("Invite email").fill(bob);
  await choose(page, "Invite role", "Viewer");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  expect(link).toContain("/invitations/accept#");
  await shoot(page, "08-members");

  // --- Bob signs up from the link, joins, and can read but not edit
  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  await bobPage.goto(link);
  await expect(bobPage).toHaveURL(/\/login/);
  await signUp(bobPage, "Bob Stone", bob);
  await bobPage.getByRole("button", { name: "Accept invitation" }).click();
  await expect(bobPage).toHaveURL(/\/w\/ws_/);
  await openFromTree(bobPage, ["Payments API", "Invoices"], "Create invoice");
  await expect(bobPage.getByRole("textbox", { name: "URL", exact: true })).toHaveValue("{{base}}/echo?kind=invoice&kind=draft");
  await expect(bobPage.getByRole("textbox", { name: "URL", exact: true })).not.toBeEditable();
  await expect(bobPage.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
  await expect(bobPage.getByRole("button", { name: "New collection" })).toHaveCount(0);
  await shoot(bobPage, "09-viewer");

  // --- Alice adds a folder and an environment while Bob watches: his page shows them without a reload
  await page.getByRole("link", { name: "Collections" }).click();
  await page.getByRole("treeitem", { name: "Payments API" }).click({ button: "right" });
  await page.getByRole("menuitem", { name: "New folder" }).click();
  await answerPrompt(page, "Refunds");
  await expect(bobPage.getByRole("treeitem", { name: "Refunds", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Environments" }).click();
  await page.getByRole("button", { name: "New environment" }).first().click();
  await answerPrompt(page, "Staging");
  await expect(bobPage.getByLabel("Active environment").locator("option", { hasText: "Staging" })).toHaveCount(1);
  await shoot(bobPage, "09b-viewer-sees-live-changes");
  // Alice also has the request open, with edits, in a second browser tab
  await page.getByRole("link", { name: "Collections" }).click();
  const aliceTab2 = await page.context().newPage();
  await aliceTab2.goto(page.url());
  await openFromTree(aliceTab2, ["Payments API", "Invoices"], "Create invoice");
  const tab2Url = aliceTab2.getByRole("textbox", { name: "URL", exact: true });
  await tab2Url.fill("{{base}}/echo?kind=invoice&kind=mine");

  // ... when Alice saves the request Bob has open, his tab shows her version
  await page.getByRole("treeitem", { name: "Create invoice", exact: true }).click();
  await page.getByRole("textbox", { name: "URL", exact: true }).fill("{{base}}/echo?kind=invoice&kind=final");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(bobPage.getByRole("textbox", { name: "URL", exact: true })).toHaveValue("{{base}}/echo?kind=invoice&kind=final");
  await bobContext.close();
  // ... and her other tab, which holds edits, keeps them and says a newer version was saved, and where
  const notice = aliceTab2.getByRole("alert").filter({ hasText: "saved a newer version" });
  await expect(notice).toContainText(/You, in another tab, saved a newer version of this request \(v\d+\)/);
  await expect(tab2Url).toHaveValue("{{base}}/echo?kind=invoice&kind=mine");
  await expect(aliceTab2.getByRole("tab", { name: /Create invoice, unsaved changes, a newer version was saved/ })).toBeVisible();
  await shoot(aliceTab2, "09c-newer-version-notice");
  await notice.getByRole("button", { name: "Load theirs" }).click();
  await aliceTab2.getByRole("dialog").getByRole("button", { name: "Load theirs" }).click();
  await expect(tab2Url).toHaveValue("{{base}}/echo?kind=invoice&kind=final");
  await expect(notice).toHaveCount(0);
  // her second tab hears her first tab's changes too (only the page that made a change skips its event)
  await page.getByRole("treeitem", { name: "Payments API" }).click({ button: "right" });
  await page.getByRole("menuitem", { name: "New folder" }).click();
  await answerPrompt(page, "Disputes");
  await expect(aliceTab2.getByRole("treeitem", { name: "Disputes", exact: true })).toBeVisible();
  await aliceTab2.close();
});

test("account and settings pages", async ({ page }) => {
  await signUpWithWorkspace(page, "Carol", "Carol's lab");

  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Account" }).click();
  await page.getByLabel("Key name").fill("CI pipeline");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toContainText("pk_");
  await shoot(page, "10-account");

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("radio", { name: "Dark" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByText(/localhost|loopback/i).first()).toBeVisible();
  await shoot(page, "11-settings");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.getByRole("radio", { name: "Light" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});
