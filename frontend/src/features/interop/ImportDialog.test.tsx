import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";

vi.mock("../../api", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../api")>();
  return { ...real, interopApi: { ...real.interopApi, importContent: vi.fn() } };
});

import { ApiError, interopApi } from "../../api";
import { ImportDialog } from "./ImportDialog";

const PASTE = "Paste a collection, spec or cURL command";
const result = { format: "curl", collections: [{ id: "fld_1", name: "cURL import" }], environments: [], warnings: [], folders: 1, requests: 1 };


// (no mockReset here: with Vitest 4 a reset mock that later rejects fails the test even though the rejection is handled)
afterEach(cleanup);

/** an API refusal, created when the call is made (like the real client) */
const rejectWith = (status: number, body: ConstructorParameters<typeof ApiError>[1]) => async () => {
  throw new ApiError(status, body);
};

function setup(parent: { id: string; name: string } | null = null) {
  const onImported = vi.fn();
  const onClose = vi.fn();
  render(<ImportDialog ws="w1" parent={parent} onClose={onClose} onImported={onImported} />);
  return { onImported, onClose };
}

describe("ImportDialog", () => {
  it("imports pasted text with the chosen format and parent folder", async () => {
    vi.mocked(interopApi.importContent).mockResolvedValue(result);
    const { onImported } = setup({ id: "fld_p", name: "Payments" });
    expect(screen.getByRole("dialog", { name: "Import" })).toBeInTheDocument();
    expect(screen.getByText("Payments")).toBeInTheDocument();
    const importBtn = screen.getByRole("button", { name: "Import" });
    expect(importBtn).toBeDisabled(); // nothing to import yet
    const cmd = "curl -X POST https://api.example.com/v1/items -H 'Content-Type: application/json' -d '{\"a\":1}'";
    fireEvent.change(screen.getByLabelText(PASTE), { target: { value: cmd } });
    expect(screen.getByText("Looks like cURL command")).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Format"), { target: { value: "curl" } });
    fireEvent.click(importBtn);
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(result));
    expect(interopApi.importContent).toHaveBeenLastCalledWith("w1", cmd, "curl", "fld_p");
  });

  it("sends no format when detecting automatically", async () => {
    vi.mocked(interopApi.importContent).mockResolvedValue(result);
    const { onImported } = setup();
    fireEvent.change(screen.getByLabelText(PASTE), { target: { value: '{"info":{"name":"A"},"item":[]}' } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    await waitFor(() => expect(onImported).toHaveBeenCalled());
    expect(interopApi.importContent).toHaveBeenLastCalledWith("w1", '{"info":{"name":"A"},"item":[]}', undefined, null);
  });

  it("shows a 400's message and location, and keeps the pasted text", async () => {
    vi.mocked(interopApi.importContent).mockImplementation(rejectWith(400, {
      code: "IMPORT_FAILED", message: "The document is not valid JSON: Expecting property name enclosed in double quotes.",
      details: { format: null, location: "line 1, column 41" },
    }));
    const { onImported, onClose } = setup();
    const broken = '{"info": {"name": "Broken"}, "item": [ {';
    fireEvent.change(screen.getByLabelText(PASTE), { target: { value: broken } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The document is not valid JSON: Expecting property name enclosed in double quotes.");
    expect(alert).toHaveTextContent("At line 1, column 41.");
    expect(screen.getByLabelText(PASTE)).toHaveValue(broken);
    expect(screen.getByLabelText(PASTE)).toHaveAttribute("aria-invalid", "true");
    expect(onImported.mock.calls).toHaveLength(0);
    expect(onClose.mock.calls).toHaveLength(0);
    // editing clears the error; the button is usable again
    fireEvent.change(screen.getByLabelText(PASTE), { target: { value: broken + "}]}" } });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("button", { name: "Import" })).toBeEnabled();
  });

  it("shows validation field errors of a 400", async () => {
    vi.mocked(interopApi.importContent).mockImplementation(rejectWith(400, {
      code: "VALIDATION_ERROR", message: "Some fields are invalid.",
      details: { fields: [{ field: "content", message: "String should have at most 340000 characters" }] },
    }));
    setup();
    fireEvent.change(screen.getByLabelText(PASTE), { target: { value: "curl x" } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("content: String should have at most 340000 characters");
  });

  it("takes a picked file instead of the paste area and lets it be removed", () => {
    setup();
    fireEvent.change(screen.getByLabelText(PASTE), { target: { value: "curl https://kept.test" } });
    const file = new File(["{}"], "petstore.json", { type: "application/json" });
    fireEvent.change(screen.getByLabelText("Import file"), { target: { files: [file] } });
    expect(screen.getByText("petstore.json")).toBeInTheDocument();
    expect(screen.getByLabelText(PASTE)).toBeDisabled();
    fireEvent.click(screen.getByRole("button", { name: "Remove file" }));
    expect(screen.getByLabelText(PASTE)).toHaveValue("curl https://kept.test");
  });
});
