import { describe, expect, it } from "vitest";
import { ApiError } from "../../api";
import {
  chooseTransport, describeImport, describeImportError, FORMAT_OPTIONS, formatParam, guessFormat, INLINE_MAX_BODY_BYTES,
  INLINE_MAX_CHARS, MAX_IMPORT_BYTES,
} from "./importPlan";

describe("chooseTransport", () => {
  it("sends small content inline", () => {
    expect(chooseTransport(10, "curl https://x.test")).toBe("inline");
    expect(chooseTransport(INLINE_MAX_BODY_BYTES)).toBe("inline"); // size alone, text not read yet
  });
  it("uploads files too big for a request body without reading them", () => {
    expect(chooseTransport(INLINE_MAX_BODY_BYTES + 1)).toBe("upload");
    expect(chooseTransport(2_695_381)).toBe("upload");
  });
  it("refuses what the server would refuse anyway", () => {
    expect(chooseTransport(MAX_IMPORT_BYTES + 1)).toBe("too-large");
    expect(chooseTransport(MAX_IMPORT_BYTES)).toBe("upload");
  });
  it("uploads text whose JSON escaping would overflow the body limit", () => {
    // 200,000 quotes: 200 KB of text, ~400 KB once escaped as a JSON string
    const quotes = '"'.repeat(200_000);
    expect(chooseTransport(200_000, quotes)).toBe("upload");
    const plain = "a".repeat(200_000);
    expect(chooseTransport(200_000, plain)).toBe("inline");
  });
  it("uploads text over the `content` length limit", () => {
    const text = "é".repeat(INLINE_MAX_CHARS + 1); // 2 bytes each: caught by the byte size first
    expect(chooseTransport(text.length * 2, text)).toBe("upload");
  });
});

describe("format options", () => {
  it("maps every choice to the API's ImportFormat values", () => {
    expect(FORMAT_OPTIONS.map((o) => o.label)).toEqual([
      "Detect automatically", "Postman collection", "Postman environment", "OpenAPI 3 / Swagger 2", "cURL",
      "fetch (Copy as fetch)", "HAR", "Insomnia",
    ]);
    expect(FORMAT_OPTIONS.map((o) => formatParam(o.value))).toEqual([
      undefined, "postman", "postman_environment", "openapi", "curl", "fetch", "har", "insomnia",
    ]);
  });
  it("sends no format for unknown values", () => {
    expect(formatParam("yaml")).toBeUndefined();
  });
});

describe("guessFormat", () => {
  it("recognises the usual inputs", () => {
    expect(guessFormat("  curl -X POST https://api.example.com")).toBe("curl");
    expect(guessFormat('fetch("https://api.example.com", {"method": "POST"});')).toBe("fetch");
    expect(guessFormat('await fetch("https://api.example.com");')).toBe("fetch");
    expect(guessFormat("openapi: 3.0.0\ninfo:\n  title: x")).toBe("openapi");
    expect(guessFormat("swagger: '2.0'\n")).toBe("swagger");
    expect(guessFormat('{"openapi":"3.1.0","paths":{}}')).toBe("openapi");
    expect(guessFormat('{"log":{"version":"1.2","entries":[]}}')).toBe("har");
    expect(guessFormat('{"_type":"export","__export_format":4}')).toBe("insomnia");
    expect(guessFormat("type: collection.insomnia.rest/5.0\nschema_version: \"5.1\"\nname: Shop\n")).toBe("insomnia");
    expect(guessFormat("_type: export\n__export_format: 4\nresources: []\n")).toBe("insomnia");
    expect(guessFormat('{"name":"Dev","values":[{"key":"a"}],"_postman_variable_scope":"environment"}')).toBe("postman_environment");
    expect(guessFormat('{"info":{"name":"A"},"item":[]}')).toBe("postman");
    expect(guessFormat("hello")).toBeNull();
    expect(guessFormat("")).toBeNull();
  });
});

describe("describeImport", () => {
  it("names one collection with its inner folders (the collection itself is not counted)", () => {
    expect(describeImport({ format: "postman", collections: [{ id: "fld_1", name: "Petstore" }], environments: [],
      warnings: [], folders: 3, requests: 5 })).toBe("Imported “Petstore” (2 folders, 5 requests) from a Postman collection.");
    expect(describeImport({ format: "curl", collections: [{ id: "fld_1", name: "cURL import" }], environments: [],
      warnings: [], folders: 1, requests: 1 })).toBe("Imported “cURL import” (1 request) from a cURL command.");
  });
  it("mentions environments", () => {
    expect(describeImport({ format: "postman_environment", collections: [], environments: [{ id: "env_1", name: "Dev" }],
      warnings: [], folders: 0, requests: 0 })).toBe("Imported the environment “Dev” from a Postman environment.");
  });
});

describe("describeImportError", () => {
  it("gives the message, the location and field errors", () => {
    const err = new ApiError(400, { code: "IMPORT_FAILED", message: "The document is not valid JSON.",
      details: { format: "postman", location: "line 1, column 41" } });
    expect(describeImportError(err)).toEqual({ title: "The document is not valid JSON.",
      details: ["Read as a Postman collection.", "At line 1, column 41."] });
    const v = new ApiError(400, { code: "VALIDATION_ERROR", message: "Some fields are invalid.",
      details: { fields: [{ field: "format", message: "Input should be 'postman'" }] } });
    expect(describeImportError(v).details).toEqual(["format: Input should be 'postman'"]);
  });
  it("explains a 413 with sizes", () => {
    const err = new ApiError(413, { code: "PAYLOAD_TOO_LARGE", message: "Imports are limited to 20 MiB.",
      details: { limit: 20 * 1024 * 1024, size: 25 * 1024 * 1024 } });
    expect(describeImportError(err).details).toEqual(["The file is 25.0 MB; the limit is 20.0 MB."]);
  });
});
