import { useState } from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import type { KeyValue } from "../../api";
import { KeyValueTable } from "./KeyValueTable";
import { ScopeContext } from "./VarInput";

function Harness({ initial, onRows }: { initial: KeyValue[]; onRows: (r: KeyValue[]) => void }) {
  const [rows, setRows] = useState(initial);
  return (
    <ScopeContext.Provider value={{ base: { value: "http://x", secret: false, source: "Dev" } }}>
      <KeyValueTable label="Header" rows={rows} onChange={(r) => { setRows(r); onRows(r); }} />
    </ScopeContext.Provider>
  );
}

describe("KeyValueTable", () => {
  it("turns the empty last row into a row when typed in", () => {
    let last: KeyValue[] = [];
    render(<Harness initial={[]} onRows={(r) => (last = r)} />);
    fireEvent.change(screen.getByLabelText("Header key 1"), { target: { value: "Accept" } });
    expect(last).toEqual([{ key: "Accept", value: "", enabled: true, description: "" }]);
    expect(screen.getByLabelText("Header key 2")).toHaveValue("");
  });

  it("edits, disables and deletes rows; duplicates are kept", () => {
    let last: KeyValue[] = [];
    const kv = (key: string, value: string): KeyValue => ({ key, value, enabled: true, description: "" });
    render(<Harness initial={[kv("X-A", "1"), kv("X-A", "2")]} onRows={(r) => (last = r)} />);
    expect(screen.getAllByText("×2")).toHaveLength(2);
    fireEvent.change(screen.getByLabelText("Header value 2"), { target: { value: "{{base}}" } });
    expect(last[1]!.value).toBe("{{base}}");
    fireEvent.click(screen.getByLabelText("Header enabled 1"));
    expect(last[0]!.enabled).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Delete header 1" }));
    expect(last).toEqual([{ key: "X-A", value: "{{base}}", enabled: true, description: "" }]);
  });

  it("highlights known and unresolved variables in values", () => {
    const kv = (key: string, value: string): KeyValue => ({ key, value, enabled: true, description: "" });
    const { container } = render(<Harness initial={[kv("A", "{{base}}/{{nope}}")]} onRows={() => undefined} />);
    expect(container.querySelector('[data-var="base"]')).toHaveClass("var-ok");
    expect(container.querySelector('[data-var="nope"]')).toHaveClass("var-bad");
  });
});
