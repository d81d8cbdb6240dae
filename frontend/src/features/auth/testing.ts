/** Test helper: a fake `fetch` answering by method and path, recording every call. */
export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}
type Answer = { status?: number; body?: unknown };
type Handler = (call: Call) => Answer | Promise<Answer>;

export function fakeFetch(routes: Record<string, Handler | Answer>) {
  const calls: Call[] = [];
  const fn = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), "http://localhost");
    const method = (init.method ?? "GET").toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const call: Call = { method, path: url.pathname, body: init.body ? JSON.parse(String(init.body)) : undefined, headers };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    if (!route) return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: `no fake for ${method} ${url.pathname}` } }), { status: 404 });
    const answer = typeof route === "function" ? await route(call) : route;
    const status = answer.status ?? 200;
    return new Response(status === 204 || answer.body === undefined ? null : JSON.stringify(answer.body), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  };
  return { fn, calls };
}

export const aUser = {
  id: "usr_1", email: "ada@example.com", name: "Ada Lovelace", created_at: "2026-01-01T00:00:00Z",
  disabled: false, is_operator: false,
};

export function tokensFor(n: number) {
  return { user: aUser, access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: "Bearer", expires_in: 900 };
}
