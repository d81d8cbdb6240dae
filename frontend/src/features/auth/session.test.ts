import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, authApi, tokens } from "../../api";
import { useSession } from "../../stores/session";
import { aUser, fakeFetch, tokensFor } from "./testing";

const REFRESH_KEY = "playground.refresh";

beforeEach(() => {
  localStorage.clear();
  tokens.clear();
  useSession.setState({ status: "signed-out", user: null });
});
afterEach(() => vi.unstubAllGlobals());

describe("session store", () => {
  it("login stores the tokens, signs in and authorises later calls", async () => {
    const f = fakeFetch({ "POST /auth/login": { body: tokensFor(1) }, "GET /me": { body: aUser } });
    vi.stubGlobal("fetch", f.fn);

    await useSession.getState().login("ada@example.com", "secret-pass");

    expect(useSession.getState()).toMatchObject({ status: "signed-in", user: { email: "ada@example.com" } });
    expect(f.calls[0]).toMatchObject({ method: "POST", path: "/auth/login", body: { email: "ada@example.com", password: "secret-pass" } });
    expect(f.calls[0]!.headers.Authorization).toBeUndefined();
    expect(localStorage.getItem(REFRESH_KEY)).toBe("refresh-1");
    await authApi.me();
    expect(f.calls[1]!.headers.Authorization).toBe("Bearer access-1");
  });

  it("a wrong password rejects with the API's message and stays signed out", async () => {
    const f = fakeFetch({
      "POST /auth/login": { status: 401, body: { error: { code: "BAD_CREDENTIALS", message: "Wrong email or password." } } },
    });
    vi.stubGlobal("fetch", f.fn);

    const err = await useSession.getState().login("ada@example.com", "nope").catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).message).toBe("Wrong email or password.");
    expect(useSession.getState().status).toBe("signed-out");
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull();
    // a 401 on the sign-in call itself must not try a token refresh
    expect(f.calls.map((c) => c.path)).toEqual(["/auth/login"]);
  });

  it("bootstrap without a stored refresh token signs out without calling the API", async () => {
    const f = fakeFetch({});
    vi.stubGlobal("fetch", f.fn);
    useSession.setState({ status: "loading" });

    await useSession.getState().bootstrap();

    expect(useSession.getState().status).toBe("signed-out");
    expect(f.calls).toHaveLength(0);
  });

  it("bootstrap trades the stored refresh token (rotating it) and loads me", async () => {
    localStorage.setItem(REFRESH_KEY, "refresh-0");
    const f = fakeFetch({ "POST /auth/refresh": { body: tokensFor(2) }, "GET /me": { body: aUser } });
    vi.stubGlobal("fetch", f.fn);
    useSession.setState({ status: "loading" });

    await useSession.getState().bootstrap();

    expect(f.calls[0]).toMatchObject({ method: "POST", path: "/auth/refresh", body: { refresh_token: "refresh-0" } });
    expect(f.calls[1]).toMatchObject({ path: "/me", headers: { Authorization: "Bearer access-2" } });
    expect(useSession.getState()).toMatchObject({ status: "signed-in", user: { id: "usr_1" } });
    expect(localStorage.getItem(REFRESH_KEY)).toBe("refresh-2");
  });

  it("bootstrap with a refused refresh token forgets it and signs out", async () => {
    localStorage.setItem(REFRESH_KEY, "refresh-old");
    const f = fakeFetch({
      "POST /auth/refresh": { status: 401, body: { error: { code: "REFRESH_INVALID", message: "Sign in again." } } },
    });
    vi.stubGlobal("fetch", f.fn);
    useSession.setState({ status: "loading" });

    await useSession.getState().bootstrap();

    expect(useSession.getState().status).toBe("signed-out");
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull();
  });

  it("logout ends the session on the server and forgets the tokens", async () => {
    const f = fakeFetch({ "POST /auth/login": { body: tokensFor(3) }, "POST /auth/logout": { status: 204 } });
    vi.stubGlobal("fetch", f.fn);
    await useSession.getState().login("ada@example.com", "secret-pass");

    await useSession.getState().logout();

    const logout = f.calls.find((c) => c.path === "/auth/logout");
    expect(logout?.headers.Authorization).toBe("Bearer access-3");
    expect(useSession.getState()).toMatchObject({ status: "signed-out", user: null });
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull();
    expect(tokens.access()).toBeNull();
  });

  it("logout still signs out locally when the server cannot be reached", async () => {
    const f = fakeFetch({ "POST /auth/login": { body: tokensFor(4) } });
    vi.stubGlobal("fetch", f.fn);
    await useSession.getState().login("ada@example.com", "secret-pass");
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));

    await useSession.getState().logout();

    expect(useSession.getState().status).toBe("signed-out");
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull();
  });

  it("an expired access token is refreshed once and the call retried", async () => {
    let meCalls = 0;
    const f = fakeFetch({
      "POST /auth/login": { body: tokensFor(5) },
      "POST /auth/refresh": { body: tokensFor(6) },
      "GET /me": (c) => (++meCalls === 1 || c.headers.Authorization !== "Bearer access-6"
        ? { status: 401, body: { error: { code: "TOKEN_EXPIRED", message: "expired" } } }
        : { body: aUser }),
    });
    vi.stubGlobal("fetch", f.fn);
    await useSession.getState().login("ada@example.com", "secret-pass");

    await expect(authApi.me()).resolves.toMatchObject({ id: "usr_1" });

    expect(f.calls.map((c) => c.path)).toEqual(["/auth/login", "/me", "/auth/refresh", "/me"]);
    expect(useSession.getState().status).toBe("signed-in");
  });

  it("when the refresh is refused too, the session is lost and the store signs out", async () => {
    const f = fakeFetch({
      "POST /auth/login": { body: tokensFor(7) },
      "POST /auth/refresh": { status: 401, body: { error: { code: "SESSION_REVOKED", message: "ended" } } },
      "GET /me": { status: 401, body: { error: { code: "SESSION_REVOKED", message: "This session has ended; sign in again." } } },
    });
    vi.stubGlobal("fetch", f.fn);
    await useSession.getState().login("ada@example.com", "secret-pass");

    await expect(authApi.me()).rejects.toMatchObject({ status: 401 });

    expect(useSession.getState()).toMatchObject({ status: "signed-out", user: null });
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull();
  });
});
