import { expect, type Locator, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const appUrl = (): string => process.env.PLAYGROUND_URL!;
export const echoUrl = (): string => process.env.ECHO_URL!;

const shotsDir = join(import.meta.dirname, "..", "test-results", "screenshots");

/** A screenshot of the screen in both themes (test-results/screenshots, not committed). */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  const before = await page.evaluate(() => document.documentElement.dataset.theme ?? "light");
  for (const theme of ["light", "dark"]) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await page.waitForTimeout(60);
    await page.screenshot({ path: join(shotsDir, `${name}-${theme}.png`) });
  }
  await page.evaluate((t) => (document.documentElement.dataset.theme = t), before);
}

export function uniqueEmail(who: string): string {
  return `${who}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@example.com`;
}

export async function signUp(page: Page, name: string, email: string, password = "correct horse battery"): Promise<void> {
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Answer a promptText dialog. */
export async function answerPrompt(page: Page, value: string): Promise<void> {
  const dialog = page.getByRole("dialog");
  const input = dialog.getByLabel("Name");
  await input.fill(value);
  await input.press("Enter");
  await expect(dialog).toHaveCount(0);
}

/** Pick an option of a control that is either a native <select> or a button opening a listbox/menu. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const control = page.getByLabel(label, { exact: true });
  const tag = await control.evaluate((el) => el.tagName);
  if (tag === "SELECT") {
    await control.selectOption({ label: option });
    return;
  }
  await control.click();
  await page.getByRole("option", { name: option }).or(page.getByRole("menuitem", { name: option })).or(
    page.getByRole("menuitemradio", { name: option })).first().click();
}

/** Open a request from the tree, expanding the folders on its path that are closed (the tree remembers). */
export async function openFromTree(page: Page, folders: string[], request: string): Promise<void> {
  for (const name of folders) {
    const row = page.getByRole("treeitem", { name, exact: true });
    await expect(row).toBeVisible();
    if ((await row.getAttribute("aria-expanded")) === "false") await row.click();
    await expect(row).toHaveAttribute("aria-expanded", "true");
  }
  await page.getByRole("treeitem", { name: request, exact: true }).click();
}

/** From the sign-in page: sign up as `name` and create a first workspace; ends on the workspace. */
export async function signUpWithWorkspace(page: Page, name: string, workspace: string): Promise<void> {
  await page.goto(appUrl() + "/login");
  await signUp(page, name, uniqueEmail(name.split(" ")[0]!.toLowerCase()));
  await page.getByLabel("Workspace name").fill(workspace);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/w\/ws_/);
}

/** A real paste event into `target`, as the browser fires it (no clipboard permission needed). */
export async function paste(target: Locator, text: string): Promise<void> {
  await target.evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
