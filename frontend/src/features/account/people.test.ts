import { describe, expect, it } from "vitest";
import { initials } from "./people";

describe("initials", () => {
  it("takes the first letters of the first and last names", () => {
    expect(initials("Ada Lovelace")).toBe("AL");
    expect(initials("  grace  brewster   hopper ")).toBe("GH");
    expect(initials("Émile Zola")).toBe("ÉZ");
  });
  it("uses one letter for one word, skipping punctuation", () => {
    expect(initials("linus")).toBe("L");
    expect(initials("(bob) - smith")).toBe("BS");
  });
  it("falls back to the email, then to ?", () => {
    expect(initials("", "zed@example.com")).toBe("Z");
    expect(initials(null, null)).toBe("?");
  });
});
