/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` (Vite with hot reload) proxies every API path to the local stack, so the page and the API share
// one origin either way. `make dev` serves the built bundle from the API server itself.
const api = process.env.PLAYGROUND_API ?? "http://127.0.0.1:8000";
const apiPrefixes = ["/auth", "/me", "/admin", "/workspaces", "/executions", "/codegen", "/health", "/openapi.json", "/ws", "/invitations", "/egress"];

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(
      apiPrefixes.map((p) => [
        p,
        {
          target: api,
          // Browser navigations (Accept: text/html) stay with the app; fetches go to the API.
          bypass: (req: { headers: Record<string, string | string[] | undefined> }) =>
            String(req.headers.accept ?? "").includes("text/html") ? "/index.html" : undefined,
        },
      ]),
    ),
  },
  build: {
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test-setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
