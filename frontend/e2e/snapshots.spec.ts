/** Every save keeps a snapshot; restoring one from the builder brings its URL back as a new version. */
import { expect, test } from "@playwright/test";
import { answerPrompt, shoot, signUpWithWorkspace } from "./support";

test("a request's earlier version is restored from its snapshots", async ({ page }) => {
  await signUpWithWorkspace(page, "Sam Reyes", "Versions");
  await page.getByRole("button", { name: "New collection" }).first().click();
  await answerPrompt(page, "Orders");
  await page.getByRole("treeitem", { name: "Orders" }).click({ button: "right" });
  await page.getByRole("menuitem", { name: "New request" }).click();
  await answerPrompt(page, "List orders");

  const url = page.getByRole("textbox", { name: "URL", exact: true });
  const save = page.getByRole("button", { name: "Save", exact: true });
  await url.fill("https://api.example.com/v1/orders");
  await save.click();
  await expect(page.getByRole("tab", { name: /unsaved changes/ })).toHaveCount(0);
  await url.fill("https://api.example.com/v2/orders");
  await save.click();
  await expect(page.getByRole("tab", { name: /unsaved changes/ })).toHaveCount(0);

  await page.getByRole("button", { name: "Snapshots" }).click();
  const dialog = page.getByRole("dialog", { name: "Snapshots of List orders" });
  await expect(dialog.getByRole("list", { name: "Versions" }).getByRole("listitem")).toHaveCount(3);
  await shoot(page, "12-snapshots");
  await dialog.getByRole("button", { name: "Restore version 2" }).click();
  await expect(url).toHaveValue("https://api.example.com/v1/orders");
  await expect(page.getByRole("tab", { name: /unsaved changes/ })).toHaveCount(0);
});
