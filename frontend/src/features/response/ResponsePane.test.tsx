import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { Execution, ExecutionResult } from "../../api";
import { ResponsePane } from "./ResponsePane";
import { resetExecutionsForTests, useExecutions, type TabRun } from "./executionStore";

function result(p: Partial<ExecutionResult> = {}): ExecutionResult {
  return {
    ok: true, status: 200, reason: "OK", http_version: "HTTP/1.1",
    headers: [["Content-Type", "text/plain"], ["X-Dup", "one"], ["X-Dup", "two"], ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]],
    cookies: [{ name: "a", value: "1", path: "/", http_only: true, secure: false }, { name: "b", value: "2", max_age: 60 }],
    body_text: "hello", body_base64: null, body_truncated: false, size_headers: 100, size_body_compressed: 5, size_body: 5,
    timings: { dns: 1, connect: 2, tls: 0, ttfb: 10, download: 2, total: 15 }, redirects: [],
    request_sent: { method: "GET", url: "http://127.0.0.1:8199/dup", headers: [["X-A", "1"]], body: null, body_size: 0, body_truncated: false },
    error: null, ...p,
  };
}
function setRun(p: Partial<TabRun>, r: ExecutionResult | null = result(), e: Partial<Execution> = {}) {
  const execution: Execution = { id: "exe_1", workspace_id: "ws", status: "completed", trigger: "manual", request_id: null,
    created_at: "", unresolved_variables: [], result: r, ...e };
  act(() => {
    useExecutions.setState({
      byTab: { t1: { executionId: "exe_1", phase: "completed", startedAt: Date.now(), execution, error: null, runId: 1,
        finishedAt: Date.now(), cancelling: false, bodyLoading: false, bodyError: null, via: "socket", ...p } },
    });
  });
}

afterEach(() => {
  cleanup();
  resetExecutionsForTests();
});

describe("ResponsePane", () => {
  it("says what to do before anything was sent", () => {
    render(<ResponsePane tabKey="t1" />);
    expect(screen.getByText("Send a request to see its response here")).toBeInTheDocument();
  });

  it("shows progress with a Cancel button while running", () => {
    render(<ResponsePane tabKey="t1" />);
    setRun({ phase: "running", finishedAt: null, execution: null });
    expect(screen.getByRole("button", { name: "Cancel running request" })).toBeEnabled();
    expect(screen.getByTestId("response-elapsed")).toHaveTextContent(/s$/);
  });

  it("shows the send error", () => {
    render(<ResponsePane tabKey="t1" />);
    setRun({ phase: "failed", execution: null, error: "Too many requests." });
    expect(screen.getByTestId("response-error")).toHaveTextContent("Too many requests.");
  });

  it("shows status, time, size and every header row, duplicates included", () => {
    render(<ResponsePane tabKey="t1" />);
    setRun({});
    expect(screen.getByTestId("response-status")).toHaveTextContent("200 OK");
    expect(screen.getByTestId("response-status").className).toContain("rp-2xx");
    expect(screen.getByTestId("response-time")).toHaveTextContent("15 ms");
    expect(screen.getByTestId("response-size")).toHaveTextContent("105 B");
    fireEvent.click(screen.getByRole("tab", { name: /Headers/ }));
    const table = screen.getByRole("table", { name: "Response headers" });
    expect(within(table).getAllByText("X-Dup")).toHaveLength(2);
    expect(within(table).getAllByText("Set-Cookie")).toHaveLength(2);
    fireEvent.click(screen.getByRole("tab", { name: /Cookies/ }));
    const cookies = screen.getByRole("table", { name: "Response cookies" });
    expect(within(cookies).getByText("Max-Age 60 s")).toBeInTheDocument();
  });

  it("previews HTML in a sandboxed iframe without scripts", () => {
    render(<ResponsePane tabKey="t1" />);
    setRun({}, result({ headers: [["Content-Type", "text/html"]], body_text: "<h1>Hi</h1><script>alert(1)</script>" }));
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    const frame = screen.getByTitle("Response preview");
    expect(frame.getAttribute("sandbox")).toBe("");
    expect(frame.getAttribute("srcdoc")).toContain("<h1>Hi</h1>");
  });

  it("shows raw text and an image preview", () => {
    render(<ResponsePane tabKey="t1" />);
    setRun({});
    fireEvent.click(screen.getByRole("button", { name: "Raw" }));
    expect(screen.getByTestId("response-raw")).toHaveTextContent("hello");
    setRun({}, result({ headers: [["Content-Type", "image/png"]], body_text: null, body_base64: "iVBORw0KGgo=" }));
    expect(screen.getByAltText("Response image").getAttribute("src")).toBe("data:image/png;base64,iVBORw0KGgo=");
  });

  it("says a binary body is binary", () => {
    render(<ResponsePane tabKey="t1" />);
    setRun({}, result({ headers: [["Content-Type", "application/octet-stream"]], body_text: null, body_base64: "AAAA", size_body: 3 }));
    expect(screen.getByText("Binary body (3 bytes)")).toBeInTheDocument();
  });

  it("explains a failed request with its code and a hint", () => {
    render(<ResponsePane tabKey="t1" />);
    setRun({}, result({ ok: false, status: null, reason: null, headers: [], body_text: null,
      error: { code: "EGRESS_BLOCKED", message: "169.254.169.254 is not allowed." } }));
    expect(screen.getByTestId("response-status")).toHaveTextContent("Error");
    const panel = screen.getByRole("alert");
    expect(panel).toHaveTextContent("Blocked by the egress policy");
    expect(panel).toHaveTextContent("169.254.169.254 is not allowed.");
  });

  it("warns about unresolved variables and marks a truncated body", () => {
    render(<ResponsePane tabKey="t1" />);
    setRun({}, result({ body_truncated: true }), { unresolved_variables: ["host"] });
    expect(screen.getByText("{{host}}")).toBeInTheDocument();
    expect(screen.getByText(/The body was cut/)).toBeInTheDocument();
  });

  it("shows the connection state in the footer", () => {
    render(<ResponsePane tabKey="t1" />);
    act(() => useExecutions.setState({ connection: "connected", polling: 0 }));
    expect(screen.getByTestId("connection-state")).toHaveTextContent("Live");
    act(() => useExecutions.setState({ connection: "reconnecting" }));
    expect(screen.getByTestId("connection-state")).toHaveTextContent("Reconnecting");
    act(() => useExecutions.setState({ connection: "unavailable" }));
    expect(screen.getByTestId("connection-state")).toHaveTextContent("Polling");
  });
});
