import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { tokens } from "../../api";
import { useSession } from "../../stores/session";
import { LoginPage, SignupPage } from "./AuthPages";
import { fakeFetch, tokensFor } from "./testing";

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search + l.hash}</div>;
}

function renderAt(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/signup" element={<SignupPage />} />
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  localStorage.clear();
  tokens.clear();
  useSession.setState({ status: "signed-out", user: null });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("SignupPage", () => {
  it("shows a 400's field errors under the fields they belong to", async () => {
    const f = fakeFetch({
      "POST /auth/register": { status: 400, body: { error: { code: "VALIDATION_ERROR", message: "Some fields are invalid.", details: { fields: [
        { field: "email", message: "Value error, not a valid email address" },
        { field: "password", message: "String should have at least 8 characters" },
      ] } } } },
    });
    vi.stubGlobal("fetch", f.fn);
    const user = userEvent.setup();
    renderAt("/signup");

    await user.type(screen.getByLabelText("Name"), "Ada");
    await user.type(screen.getByLabelText("Email"), "not-an-email");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    const email = screen.getByLabelText("Email");
    expect(await screen.findByText("Not a valid email address.")).toBeInTheDocument();
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAccessibleDescription("Not a valid email address.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("String should have at least 8 characters.");
    expect(screen.getByLabelText("Name")).not.toHaveAttribute("aria-invalid");
    expect(f.calls[0]?.body).toEqual({ email: "not-an-email", password: "short", name: "Ada" });
    expect(useSession.getState().status).toBe("signed-out");
  });

  it("shows the 409 message when the email is taken", async () => {
    vi.stubGlobal("fetch", fakeFetch({
      "POST /auth/register": { status: 409, body: { error: { code: "EMAIL_TAKEN", message: "An account with this email exists already; sign in instead.", details: { email: "taken" } } } },
    }).fn);
    const user = userEvent.setup();
    renderAt("/signup");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "long-enough");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText(/exists already/)).toBeInTheDocument();
  });

  it("keeps ?next= on the link back to sign in", () => {
    renderAt("/signup?next=%2Finvitations%2Faccept%23inv_123456789");
    expect(screen.getByRole("link", { name: "Sign in instead" })).toHaveAttribute(
      "href", "/login?next=%2Finvitations%2Faccept%23inv_123456789");
    expect(screen.getByRole("note")).toHaveTextContent(/pending invitation/);
  });
});

describe("LoginPage", () => {
  it("shows the API's message on a wrong password", async () => {
    vi.stubGlobal("fetch", fakeFetch({
      "POST /auth/login": { status: 401, body: { error: { code: "BAD_CREDENTIALS", message: "Wrong email or password." } } },
    }).fn);
    const user = userEvent.setup();
    renderAt("/login");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email or password.");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });

  it("goes to ?next= (hash included) after signing in", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "POST /auth/login": { body: tokensFor(1) } }).fn);
    const user = userEvent.setup();
    renderAt(`/login?next=${encodeURIComponent("/invitations/accept#inv_abcdefghij")}`);
    expect(screen.getByRole("link", { name: "Create an account" })).toHaveAttribute(
      "href", `/signup?next=${encodeURIComponent("/invitations/accept#inv_abcdefghij")}`);
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct-horse");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByTestId("where")).toHaveTextContent("/invitations/accept#inv_abcdefghij");
  });

  it("refuses to follow ?next= off-site", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "POST /auth/login": { body: tokensFor(2) } }).fn);
    const user = userEvent.setup();
    renderAt(`/login?next=${encodeURIComponent("//evil.example/steal")}`);
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct-horse");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByTestId("where")).toHaveTextContent(/^\/$/);
  });
});
