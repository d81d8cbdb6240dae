import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useTheme } from "../../stores/theme";
import { fakeFetch } from "../auth/testing";
import { SettingsPage } from "./SettingsPage";
import { egressModeLabel } from "./egress";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("SettingsPage", () => {
  it("switches and remembers the theme, and explains the egress policy", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "GET /egress": { body: {
      mode: "hosted", summary: "Requests may only reach the public internet.", allow_private_networks: false,
      allow_cidrs: ["10.1.0.0/16"], allow_hosts: ["api.internal"], always_refused: ["cloud metadata"],
      checked: "every address a name resolves to",
    } } }).fn);
    useTheme.getState().setChoice("light");
    const user = userEvent.setup();
    render(<SettingsPage />);

    const group = screen.getByRole("radiogroup", { name: "Theme" });
    expect(group).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "Light" })).toBeChecked();
    await user.click(screen.getByRole("radio", { name: "Dark" }));
    expect(screen.getByRole("radio", { name: "Dark" })).toBeChecked();
    expect(localStorage.getItem("playground.theme")).toBe("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");

    expect(await screen.findByText("Requests may only reach the public internet.")).toBeInTheDocument();
    expect(screen.getByText("Blocked")).toBeInTheDocument();
    expect(screen.getByText("10.1.0.0/16")).toBeInTheDocument();
    expect(screen.getByText("api.internal")).toBeInTheDocument();
    expect(screen.getByText("Every address a name resolves to.")).toBeInTheDocument();
  });

  it("names the modes in plain words", () => {
    expect(egressModeLabel("local")).toMatch(/private networks allowed/);
    expect(egressModeLabel("hosted")).toMatch(/public internet only/);
  });
});
