import { vi } from "vitest";
import type { SavedRequest } from "../../api";
import { newRequestDoc } from "./newRequest";

const saved = (patch: Partial<SavedRequest> = {}): SavedRequest => ({
  ...newRequestDoc({ name: "Echo", url: "http://x/echo?a=1", params: [{ key: "a", value: "1", enabled: true, description: "" }] }),
  id: "req_1", workspace_id: "ws_1", parent_id: "fld_1", version: 3, created_at: "", created_by: "", updated_at: "",
  updated_by: "", ...patch,
});

vi.mock("../../api", async (orig) => {
  const real = await orig<typeof import("../../api")>();
  return { ...real, collectionsApi: { ...real.collectionsApi, request: vi.fn(async () => saved()) } };
});

const { useTabs } = await import("./tabsStore");
const { withUrl } = await import("./urlParams");

beforeEach(() => useTabs.setState({ tabs: [], activeKey: null }));

describe("tabsStore dirty tracking", () => {
  it("a saved request opens clean; editing makes it dirty; undoing the edit makes it clean again", async () => {
    await useTabs.getState().openRequest("ws_1", "req_1");
    const tab = useTabs.getState().tabs[0]!;
    expect(tab).toMatchObject({ requestId: "req_1", version: 3, dirty: false, loading: false, parentId: "fld_1" });
    const original = tab.draft;
    useTabs.getState().updateDraft(tab.key, withUrl(original, "http://x/echo?a=2"));
    expect(useTabs.getState().tabs[0]!.dirty).toBe(true);
    expect(useTabs.getState().tabs[0]!.draft.params[0]!.value).toBe("2");
    useTabs.getState().updateDraft(tab.key, withUrl(useTabs.getState().tabs[0]!.draft, "http://x/echo?a=1"));
    expect(useTabs.getState().tabs[0]!.dirty).toBe(false);
  });

  it("opening the same request twice focuses the existing tab", async () => {
    await useTabs.getState().openRequest("ws_1", "req_1");
    useTabs.getState().openDraft("ws_1");
    await useTabs.getState().openRequest("ws_1", "req_1");
    expect(useTabs.getState().tabs).toHaveLength(2);
    expect(useTabs.getState().activeKey).toBe(useTabs.getState().tabs[0]!.key);
  });

  it("a draft is dirty until saved; markSaved makes it a clean saved request", () => {
    const key = useTabs.getState().openDraft("ws_1", { name: "New" }, { parentId: "fld_9" });
    expect(useTabs.getState().tabs[0]).toMatchObject({ dirty: true, requestId: null, parentId: "fld_9" });
    useTabs.getState().markSaved(key, saved({ id: "req_2", name: "New", version: 1, parent_id: "fld_9" }));
    expect(useTabs.getState().tabs[0]).toMatchObject({ dirty: false, requestId: "req_2", version: 1 });
  });

  it("edits of one tab do not touch another; closing the active tab activates a neighbour", () => {
    const a = useTabs.getState().openDraft("ws_1", { name: "A" });
    const b = useTabs.getState().openDraft("ws_1", { name: "B" });
    useTabs.getState().updateDraft(a, newRequestDoc({ name: "A2" }));
    expect(useTabs.getState().tabs.find((t) => t.key === b)!.draft.name).toBe("B");
    useTabs.getState().close(b);
    expect(useTabs.getState().activeKey).toBe(a);
  });

  it("renaming elsewhere keeps unsaved edits and their dirty state", async () => {
    await useTabs.getState().openRequest("ws_1", "req_1");
    const key = useTabs.getState().tabs[0]!.key;
    useTabs.getState().renameRequest("req_1", "Renamed");
    expect(useTabs.getState().tabs[0]).toMatchObject({ dirty: false });
    useTabs.getState().updateDraft(key, { ...useTabs.getState().tabs[0]!.draft, method: "PUT" });
    useTabs.getState().renameRequest("req_1", "Again");
    expect(useTabs.getState().tabs[0]!.draft).toMatchObject({ name: "Again", method: "PUT" });
    expect(useTabs.getState().tabs[0]!.dirty).toBe(true);
  });
});

describe("a teammate's changes reach open tabs", () => {
  it("a clean tab shows the newer version; a tab with edits keeps them", async () => {
    const { collectionsApi } = await import("../../api");
    await useTabs.getState().openRequest("ws_1", "req_1");
    useTabs.getState().openDraft("ws_1");
    vi.mocked(collectionsApi.request).mockResolvedValueOnce(saved({ version: 4, url: "http://x/v2" }));
    await useTabs.getState().refreshRequest("ws_1", "req_1");
    expect(useTabs.getState().tabs[0]).toMatchObject({ version: 4, dirty: false });
    expect(useTabs.getState().tabs[0]!.draft.url).toBe("http://x/v2");

    const key = useTabs.getState().tabs[0]!.key;
    useTabs.getState().updateDraft(key, { ...useTabs.getState().tabs[0]!.draft, url: "http://x/mine" });
    vi.mocked(collectionsApi.request).mockResolvedValueOnce(saved({ version: 5, url: "http://x/v3" }));
    await useTabs.getState().refreshRequest("ws_1", "req_1", "Alice");
    expect(useTabs.getState().tabs[0]).toMatchObject({ version: 4, dirty: true });
    expect(useTabs.getState().tabs[0]!.draft.url).toBe("http://x/mine");
    // the tab with edits is told who saved what, and keeps its edits until the user picks
    expect(useTabs.getState().tabs[0]!.newer).toMatchObject({ by: "Alice", saved: { version: 5, url: "http://x/v3" } });
    useTabs.getState().dismissNewer(key);
    expect(useTabs.getState().tabs[0]!.newer).toBeNull();
    vi.mocked(collectionsApi.request).mockResolvedValueOnce(saved({ version: 6, url: "http://x/v4" }));
    await useTabs.getState().refreshRequest("ws_1", "req_1", "Alice");
    // loading theirs (what the banner's button does) drops the edits and the notice
    useTabs.getState().markSaved(key, useTabs.getState().tabs[0]!.newer!.saved);
    expect(useTabs.getState().tabs[0]).toMatchObject({ version: 6, dirty: false, newer: null });
    expect(useTabs.getState().tabs[0]!.draft.url).toBe("http://x/v4");
    // an event about a version the tab already has says nothing
    useTabs.getState().updateDraft(key, { ...useTabs.getState().tabs[0]!.draft, url: "http://x/mine-again" });
    vi.mocked(collectionsApi.request).mockResolvedValueOnce(saved({ version: 6, url: "http://x/v4" }));
    await useTabs.getState().refreshRequest("ws_1", "req_1", "Alice");
    expect(useTabs.getState().tabs[0]!.newer).toBeNull();
  });

  it("a deleted request's clean tab closes; a tab with edits, or of another workspace, stays", async () => {
    await useTabs.getState().openRequest("ws_1", "req_1");
    await useTabs.getState().openRequest("ws_2", "req_1");
    useTabs.getState().closeGone("ws_1", () => false);
    expect(useTabs.getState().tabs.map((t) => t.ws)).toEqual(["ws_2"]);
    const key = useTabs.getState().tabs[0]!.key;
    useTabs.getState().updateDraft(key, { ...useTabs.getState().tabs[0]!.draft, url: "http://x/mine" });
    useTabs.getState().closeGone("ws_2", () => false);
    expect(useTabs.getState().tabs).toHaveLength(1);
  });
});

describe("moving tabs", () => {
  it("moves a tab in front of another, or to the end", () => {
    const a = useTabs.getState().openDraft("ws_1", { name: "A" });
    const b = useTabs.getState().openDraft("ws_1", { name: "B" });
    const c = useTabs.getState().openDraft("ws_1", { name: "C" });
    const order = () => useTabs.getState().tabs.map((t) => t.draft.name);
    useTabs.getState().moveTab(c, a);
    expect(order()).toEqual(["C", "A", "B"]);
    useTabs.getState().moveTab(c, null);
    expect(order()).toEqual(["A", "B", "C"]);
    useTabs.getState().moveTab(a, a);
    useTabs.getState().moveTab(a, "nope");
    expect(order()).toEqual(["A", "B", "C"]);
    useTabs.getState().moveTab(b, null);
    expect(order()).toEqual(["A", "C", "B"]);
  });
});
