/**
 * A multipart body with a file picked in the page: registered with the API, PUT by the browser to a presigned blob
 * URL on another origin (CORS), then sent by the executor. The echo server shows what arrived.
 */
import { expect, test } from "@playwright/test";
import { echoUrl, signUpWithWorkspace } from "./support";

test("a file picked for a multipart body is uploaded and sent", async ({ page }) => {
  await signUpWithWorkspace(page, "Dana", "Uploads");

  await page.getByRole("button", { name: "New request" }).first().click();
  await page.getByRole("combobox", { name: "Method" }).click();
  await page.getByRole("option", { name: "POST" }).click();
  await page.getByRole("textbox", { name: "URL", exact: true }).fill(`${echoUrl()}/echo`);
  await page.getByRole("tablist", { name: "Request sections" }).getByRole("tab", { name: /Body/ }).click();
  await page.getByRole("radio", { name: "Multipart form" }).check();
  await page.getByLabel("Form field key 1").fill("note");
  await page.getByLabel("Form field value 1").fill("hello");
  await page.getByLabel("Form field key 2").fill("upload");
  await page.getByLabel("Form field type 2").selectOption("file");
  await page.getByLabel("Form field file 2").setInputFiles({
    name: "report.csv", mimeType: "text/csv", buffer: Buffer.from("id,total\n1,42\n"),
  });
  await expect(page.getByText("report.csv")).toBeVisible();

  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("response-status")).toContainText("200");
  await page.getByRole("group", { name: "Body view" }).getByRole("button", { name: "Raw" }).click();
  const raw = page.getByTestId("response-raw");
  await expect(raw).toContainText('name=\\"note\\"');
  await expect(raw).toContainText("hello");
  await expect(raw).toContainText('filename=\\"report.csv\\"');
  await expect(raw).toContainText("id,total");
});
