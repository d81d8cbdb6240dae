/**
 * Two tabs of one signed-in browser share the refresh token (it rotates on every use, and using a spent one ends
 * the session). Tabs that refresh at the same moment — a browser restoring its tabs, a laptop waking up — must not
 * sign each other out: they take turns (Web Locks), and since a tab may still read the token the other just
 * replaced (localStorage reaches other tabs asynchronously), the server accepts a second use within seconds of
 * rotation while the successor is unused.
 */
import { expect, test, type Route } from "@playwright/test";
import { signUpWithWorkspace } from "./support";

test("two tabs refreshing at once both stay signed in", async ({ page }) => {
  await signUpWithWorkspace(page, "Tess Tabs", "Two tabs");
  const home = page.url();
  const context = page.context();

  // Hold each refresh until a second one arrives (or 1.5 s pass), then let them all through together: without
  // turn-taking both tabs' refreshes reach the server with the same token.
  const held: Route[] = [];
  let release: (() => void) | null = null;
  const together = new Promise<void>((resolve) => (release = resolve));
  await context.route("**/auth/refresh", async (route) => {
    held.push(route);
    if (held.length >= 2) release?.();
    await Promise.race([together, new Promise((r) => setTimeout(r, 1500))]);
    await route.continue();
  });

  const [one, two] = [await context.newPage(), await context.newPage()];
  await Promise.all([one.goto(home), two.goto(home)]);
  for (const tab of [one, two]) {
    await expect(tab).toHaveURL(/\/w\/ws_/);
    await expect(tab.getByRole("button", { name: "Switch workspace" })).toContainText("Two tabs");
  }
  await context.unroute("**/auth/refresh");
  // the session survived: a fresh load (a new refresh with whatever token is current) still gets in
  await one.reload();
  await expect(one.getByRole("button", { name: "Switch workspace" })).toContainText("Two tabs");
  await two.reload();
  await expect(two.getByRole("button", { name: "Switch workspace" })).toContainText("Two tabs");
});
