import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { ApiError, environmentsApi, type Environment, type Role, type Workspace } from "../../api";
import { useWorkspaces } from "../../stores/workspace";
import { useEnvironments } from "./envStore";
import { EnvironmentsMain } from "./EnvironmentsMain";

const prod: Environment = {
  id: "env_p", workspace_id: "ws_1", name: "Production", kind: "environment", version: 3, updated_at: "2026-01-01T00:00:00Z",
  updated_by: "usr_1", revealed: false,
  variables: [
    { key: "base", value: "https://prod", enabled: true, secret: false },
    { key: "token", value: null, enabled: true, secret: true, masked: true },
  ],
};

function mount(role: Role) {
  useWorkspaces.setState({ workspaces: [{ id: "ws_1", name: "W", role } as Workspace], currentId: "ws_1", loaded: true });
  return render(
    <MemoryRouter initialEntries={["/w/ws_1/environments/env_p"]}>
      <Routes><Route path="/w/:ws/environments/*" element={<EnvironmentsMain ws="ws_1" />} /></Routes>
    </MemoryRouter>,
  );
}

describe("EnvironmentsMain editor", () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    useEnvironments.setState({ ws: "ws_1", environments: [prod], globals: null, activeId: null });
    vi.spyOn(environmentsApi, "get").mockImplementation(async (_ws, _id, reveal) =>
      reveal ? { ...prod, revealed: true, variables: [prod.variables[0]!, { key: "token", value: "s3cr3t", enabled: true, secret: true }] } : prod);
  });
  afterEach(cleanup);

  it("saves a new row and keeps the untouched masked secret as null, with the version it started from", async () => {
    const save = vi.spyOn(environmentsApi, "save").mockImplementation(async (_ws, _id, name, variables) =>
      ({ ...prod, name, version: 4, variables: variables.map((v) => (v.secret ? { ...v, value: null, masked: true } : v)) }));
    mount("editor");
    const save1 = await screen.findByRole("button", { name: "Save" });
    expect(save1).toBeDisabled();
    fireEvent.change(screen.getByLabelText("Variable name 3"), { target: { value: "region" } });
    fireEvent.change(screen.getByLabelText("Variable value 3"), { target: { value: "eu" } });
    expect(screen.getByLabelText("Variable name 4")).toHaveValue(""); // a new trailing row
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
    expect(save).toHaveBeenCalledWith("ws_1", "env_p", "Production", [
      { key: "base", value: "https://prod", enabled: true, secret: false },
      { key: "token", value: null, enabled: true, secret: true },
      { key: "region", value: "eu", enabled: true, secret: false },
    ], 3);
    expect(useEnvironments.getState().environments.find((e) => e.id === "env_p")?.version).toBe(4);
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
  });

  it("reveals, then sends the edited secret value; Ctrl+S saves", async () => {
    const save = vi.spyOn(environmentsApi, "save").mockResolvedValue({ ...prod, version: 4 });
    mount("editor");
    const reveal = await screen.findByRole("button", { name: "Reveal" });
    await act(async () => fireEvent.click(reveal));
    expect(environmentsApi.get).toHaveBeenLastCalledWith("ws_1", "env_p", true);
    expect(screen.getByLabelText("Variable value 2")).toHaveValue("s3cr3t");
    fireEvent.change(screen.getByLabelText("Variable value 2"), { target: { value: "rotated" } });
    await act(async () => fireEvent.keyDown(document, { key: "s", ctrlKey: true }));
    expect(save.mock.calls[0]?.[3]).toContainEqual({ key: "token", value: "rotated", enabled: true, secret: true });
  });

  it("offers a reload when the version is stale (409)", async () => {
    vi.spyOn(environmentsApi, "save").mockRejectedValue(new ApiError(409, { code: "VERSION_CONFLICT", message: "Someone saved" }));
    mount("editor");
    fireEvent.change(await screen.findByLabelText("Environment name"), { target: { value: "Prod" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
    expect(screen.getByRole("alert")).toHaveTextContent("Someone saved this environment");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Reload" })));
    expect(screen.getByLabelText("Environment name")).toHaveValue("Production");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says at once that a teammate saved the environment being edited, keeping the edits until Reload", async () => {
    mount("editor");
    fireEvent.change(await screen.findByLabelText("Environment name"), { target: { value: "Prod" } });
    expect(screen.queryByRole("alert")).toBeNull();
    const theirs = { ...prod, name: "Production EU", version: 4 };
    vi.mocked(environmentsApi.get).mockImplementation(async () => theirs);
    // what the environments.changed event does: the list is re-read with the newer version
    act(() => useEnvironments.setState({ environments: [theirs] }));
    expect(screen.getByRole("alert")).toHaveTextContent("Someone saved this environment while you were editing");
    expect(screen.getByLabelText("Environment name")).toHaveValue("Prod");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Reload" })));
    expect(screen.getByLabelText("Environment name")).toHaveValue("Production EU");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("is read-only for viewers: no save, no reveal, no trailing row", async () => {
    mount("viewer");
    const name = await screen.findByLabelText("Environment name");
    expect(name).toHaveAttribute("readonly");
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Reveal" })).toBeNull();
    expect(screen.queryByLabelText("Variable name 3")).toBeNull();
    expect(screen.getByLabelText("Secret 2")).toBeDisabled();
  });
});
