/** Sending an import: inline `content` when it fits a request body, otherwise register + upload + `file_ref`. */
import { executionsApi, importFile, interopApi, uploadFile, type ImportFormat, type ImportResult } from "../../api";
import { chooseTransport, formatBytes, MAX_IMPORT_BYTES } from "./importPlan";

export type ImportSource = { kind: "file"; file: File } | { kind: "text"; text: string };

export type ImportStage = "reading" | "uploading" | "importing";

const encoder = new TextEncoder();

export async function runImport(
  ws: string,
  source: ImportSource,
  format: ImportFormat | undefined,
  parentId: string | null,
  onStage: (stage: ImportStage) => void = () => {},
): Promise<ImportResult> {
  let text: string | undefined;
  let size: number;
  let blob: Blob;
  let name: string;
  let type: string;
  if (source.kind === "file") {
    const { file } = source;
    size = file.size;
    blob = file;
    name = file.name || "import";
    type = file.type || "application/octet-stream";
    if (chooseTransport(size) === "inline") {
      onStage("reading");
      text = await file.text();
    }
  } else {
    text = source.text;
    size = encoder.encode(text).length;
    blob = new Blob([text], { type: "text/plain" });
    name = "pasted-import.txt";
    type = "text/plain";
  }
  const transport = chooseTransport(size, text);
  if (transport === "too-large") {
    throw new Error(`This file is ${formatBytes(size)}; imports are limited to ${formatBytes(MAX_IMPORT_BYTES)}.`);
  }
  if (transport === "inline") {
    onStage("importing");
    return (await interopApi.importContent(ws, text!, format, parentId)) as unknown as ImportResult;
  }
  onStage("uploading");
  const reg = await executionsApi.registerFile(ws, name, type, size);
  await uploadFile(reg.upload_url, blob, type);
  onStage("importing");
  return importFile(ws, reg.file_ref, format, parentId);
}
