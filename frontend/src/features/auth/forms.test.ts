import { describe, expect, it } from "vitest";
import { ApiError } from "../../api";
import { fieldError, formError } from "./forms";

const invalid = new ApiError(400, {
  code: "VALIDATION_ERROR", message: "Some fields are invalid.",
  details: { fields: [
    { field: "email", message: "Value error, not a valid email address" },
    { field: "password", message: "String should have at least 8 characters" },
  ] },
});

describe("fieldError / formError", () => {
  it("maps 400 field errors to tidy sentences", () => {
    expect(fieldError(invalid, "email")).toBe("Not a valid email address.");
    expect(fieldError(invalid, "password")).toBe("String should have at least 8 characters.");
    expect(fieldError(invalid, "name")).toBeUndefined();
    expect(formError(invalid, ["email", "password"])).toBeNull();
  });

  it("uses the error's message for a field named in details (409 email taken, 403 wrong password)", () => {
    const taken = new ApiError(409, { code: "EMAIL_TAKEN", message: "An account with this email exists already; sign in instead.", details: { email: "taken" } });
    expect(fieldError(taken, "email")).toBe("An account with this email exists already; sign in instead.");
    expect(fieldError(taken, "password")).toBeUndefined();
  });

  it("shows a form-level message when no field covers the problem", () => {
    const limited = new ApiError(429, { code: "RATE_LIMITED", message: "Too many sign-in attempts; try again in 15 minutes." });
    expect(formError(limited, ["email", "password"])).toBe("Too many sign-in attempts; try again in 15 minutes.");
    expect(formError(new Error("Failed to fetch"), ["email"])).toBe("Failed to fetch");
    expect(formError(null, ["email"])).toBeNull();
    // a field the form does not show still surfaces at the top
    expect(formError(invalid, ["email"])).toContain("Some fields are invalid.");
  });
});
