/**
 * Import and export through the page: sign up → workspace → Import a pasted Postman v2.1 collection → the tree shows
 * the collection, its folder and requests → Export… it back as Postman v2.1 and get the file.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { openFromTree, paste, shoot, signUpWithWorkspace } from "./support";

const collection = {
  info: {
    name: "Billing API",
    schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
  },
  item: [
    {
      name: "Invoices",
      item: [
        { name: "List invoices", request: { method: "GET", url: "https://api.example.com/v1/invoices?limit=10" } },
        {
          name: "Create invoice",
          request: {
            method: "POST",
            url: "https://api.example.com/v1/invoices",
            header: [{ key: "Content-Type", value: "application/json" }],
            body: { mode: "raw", raw: '{"amount": 42}' },
          },
        },
      ],
    },
  ],
};

const INSOMNIA_V5 = `type: collection.insomnia.rest/5.0
schema_version: "5.1"
name: Orders (Insomnia)
meta:
  id: wrk_orders
collection:
  - name: Admin
    meta:
      id: fld_admin
      sortKey: -1
    children:
      - url: "{{ _.host }}/admin/purge"
        name: Purge
        meta:
          id: req_purge
        method: DELETE
        scripts:
          afterResponse: insomnia.test("purged", () => insomnia.expect(insomnia.response.code).to.equal(204));
environments:
  name: Base Environment
  data:
    host: https://orders.example
  subEnvironments:
    - name: Staging
      data:
        host: https://staging.orders.example
`;

test("a pasted Postman collection is imported into the tree and exported back", async ({ page }) => {
  await signUpWithWorkspace(page, "Ines Okafor", "Billing");

  // --- import: paste, let the format be detected, Import
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Import" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Paste a collection, spec or cURL command").fill(JSON.stringify(collection, null, 2));
  await expect(dialog.getByLabel("Format")).toHaveValue("");
  await shoot(page, "import-01-pasted");
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/Imported “Billing API” \(1 folder, 2 requests\)/)).toBeVisible();

  // --- the tree shows the collection (opened), the folder and, once it is opened, both requests
  const tree = page.getByRole("tree", { name: "Collections" });
  await expect(tree.getByRole("treeitem", { name: "Billing API", exact: true })).toHaveAttribute("aria-expanded", "true");
  const folder = tree.getByRole("treeitem", { name: "Invoices", exact: true });
  await expect(folder).toBeVisible();
  if ((await folder.getAttribute("aria-expanded")) === "false") await folder.click();
  await expect(folder).toHaveAttribute("aria-expanded", "true");
  await expect(tree.getByRole("treeitem", { name: "List invoices", exact: true })).toBeVisible();
  await expect(tree.getByRole("treeitem", { name: "Create invoice", exact: true })).toBeVisible();
  await expect(page.getByLabel("Totals")).toHaveText("1 collection · 1 folder · 2 requests");
  await shoot(page, "import-02-tree");

  // --- a broken paste is refused with the API's message and the text stays
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const broken = '{"info": {"name": "Broken"}, "item": [ {';
  await dialog.getByLabel("Paste a collection, spec or cURL command").fill(broken);
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.getByRole("alert")).toContainText("not valid JSON");
  await expect(dialog.getByLabel("Paste a collection, spec or cURL command")).toHaveValue(broken);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);

  // --- export the collection back as Postman v2.1
  await tree.getByRole("treeitem", { name: "Billing API", exact: true }).click({ button: "right" });
  await page.getByRole("menuitem", { name: "Export…" }).click();
  const exportDialog = page.getByRole("dialog", { name: "Export Billing API" });
  await expect(exportDialog.getByRole("radio", { name: "Postman Collection v2.1" })).toBeChecked();
  const download = page.waitForEvent("download", { timeout: 60_000 });
  await exportDialog.getByRole("button", { name: "Export", exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("Billing API.postman_collection.json");
  const exported = JSON.parse(readFileSync((await file.path())!, "utf8"));
  expect(exported.info.name).toBe("Billing API");
  expect(exported.item[0].name).toBe("Invoices");
  expect(exported.item[0].item.map((i: { name: string }) => i.name)).toEqual(["List invoices", "Create invoice"]);
  await expect(exportDialog.getByText("Downloaded")).toBeVisible();
  await shoot(page, "import-03-exported");
  await page.keyboard.press("Escape");

  // --- an Insomnia 10+ export (v5, YAML) with an environment and a script
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await dialog.getByLabel("Paste a collection, spec or cURL command").fill(INSOMNIA_V5);
  await expect(dialog.getByText("Looks like Insomnia export")).toBeVisible();
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/Imported “Orders \(Insomnia\)”/)).toBeVisible();
  await expect(tree.getByRole("treeitem", { name: "Orders (Insomnia)", exact: true })).toBeVisible();
  await openFromTree(page, ["Orders (Insomnia)", "Admin"], "Purge");
  await expect(page.getByRole("textbox", { name: "URL", exact: true })).toHaveValue("{{host}}/admin/purge");
  await expect(page.getByLabel("Active environment").locator("option", { hasText: "Staging" })).toHaveCount(1);
});

test("a cURL command or a fetch call pasted into the URL bar fills the request", async ({ page }) => {
  await signUpWithWorkspace(page, "Pablo Reyes", "Paste");
  await page.getByRole("button", { name: "New request tab" }).click();
  const url = page.getByRole("textbox", { name: "URL", exact: true });
  const command = "curl 'https://api.example.com/v1/items?page=2' -X PUT -H 'X-Dup: one' -H 'X-Dup: two' " +
    "-H 'Content-Type: application/json' --data-raw '{\"name\":\"widget\"}'";
  await paste(url, command);
  await expect(url).toHaveValue("https://api.example.com/v1/items?page=2");
  await expect(page.getByRole("button", { name: /Method/ }).or(page.getByLabel("Method"))).toContainText("PUT");
  await page.getByRole("tablist", { name: "Request sections" }).getByRole("tab", { name: /Headers/ }).click();
  await expect(page.getByLabel("Header value 1")).toHaveValue("one");
  await expect(page.getByLabel("Header value 2")).toHaveValue("two");
  await page.getByRole("tablist", { name: "Request sections" }).getByRole("tab", { name: /Body/ }).click();
  await expect(page.getByLabel("Request body")).toContainText('{"name":"widget"}');
  await shoot(page, "import-04-curl-pasted");

  // request tabs can be reordered by dragging (a second tab dropped on the left half of the first)
  await page.getByRole("button", { name: "New request tab" }).click();
  const tabs = page.getByRole("tablist", { name: "Open requests" }).getByRole("tab");
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(0)).toHaveAccessibleName(/^PUT /);
  await tabs.nth(1).dragTo(tabs.nth(0), { targetPosition: { x: 4, y: 10 } });
  await expect(tabs.nth(0)).toHaveAccessibleName(/^GET /);
  await expect(tabs.nth(1)).toHaveAccessibleName(/^PUT /);

  // a browser's "Copy as fetch" pasted into the (new, active) tab's URL bar fills it the same way
  const fetchCall = 'fetch("https://api.example.com/v1/orders", {\n  "headers": {\n    "accept": "application/json",\n' +
    '    "content-type": "application/json"\n  },\n  "referrer": "https://app.example.com/",\n' +
    '  "body": "{\\"sku\\":\\"A-1\\"}",\n  "method": "POST",\n  "mode": "cors",\n  "credentials": "include"\n});';
  await paste(url, fetchCall);
  await expect(url).toHaveValue("https://api.example.com/v1/orders");
  await expect(page.getByText("Filled from the fetch call")).toBeVisible();
  await page.getByRole("tablist", { name: "Request sections" }).getByRole("tab", { name: /Body/ }).click();
  await expect(page.getByLabel("Request body")).toContainText('{"sku":"A-1"}');
  await page.getByRole("tablist", { name: "Request sections" }).getByRole("tab", { name: /Headers/ }).click();
  await expect(page.getByLabel("Header value 3")).toHaveValue("https://app.example.com/");
});
