/** An export is a job: start it, poll until the worker finished, then save the file from its presigned URL. */
import { downloadBlob, interopApi, type ExportFormat, type ExportJob } from "../../api";

export const EXPORT_POLL_MS = 500;
export const EXPORT_TIMEOUT_MS = 60_000;

/** The worker sets "completed" or "failed"; anything else ("queued") is still pending. */
export const isFinished = (status: string) => status === "completed" || status === "failed";

export class ExportFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportFailed";
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException("Aborted", "AbortError"));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new DOMException("Aborted", "AbortError"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface PollOptions {
  signal?: AbortSignal;
  interval?: number;
  timeout?: number;
}

/** Poll GET /exports/{id} every `interval` ms until it is completed (answered) or failed / timed out (thrown). */
export async function waitForExport(ws: string, job: ExportJob, opts: PollOptions = {}): Promise<ExportJob> {
  const interval = opts.interval ?? EXPORT_POLL_MS;
  const timeout = opts.timeout ?? EXPORT_TIMEOUT_MS;
  let current = job;
  let waited = 0;
  while (!isFinished(current.status)) {
    if (waited >= timeout) {
      throw new ExportFailed("The export is still being prepared after a minute. Try again in a moment.");
    }
    await sleep(interval, opts.signal);
    waited += interval;
    current = (await interopApi.exportGet(ws, job.id)) as unknown as ExportJob;
  }
  if (current.status === "failed") throw new ExportFailed(current.error || "The export failed.");
  if (!current.download_url) throw new ExportFailed("The export finished without a file to download.");
  return current;
}

/** Start an export and wait for it. */
export async function runExport(ws: string, format: ExportFormat, collectionId: string | undefined,
  opts: PollOptions = {}): Promise<ExportJob> {
  const job = (await interopApi.exportStart(ws, format, collectionId)) as unknown as ExportJob;
  return waitForExport(ws, job, opts);
}

/** A file name that every OS accepts, keeping the server's name where it is already fine. */
export function safeFilename(name: string | null | undefined, fallback = "export.json"): string {
  const cleaned = (name ?? "").replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-").replace(/^[.\s-]+|[.\s]+$/g, "").trim();
  return cleaned.slice(0, 180) || fallback;
}

function clickLink(href: string, attrs: { download?: string; target?: string }): void {
  const a = document.createElement("a");
  a.href = href;
  if (attrs.download) a.download = attrs.download;
  if (attrs.target) {
    a.target = attrs.target;
    a.rel = "noopener";
  }
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * Save a completed export. The URL is on the blob store's origin, where `<a download>` would be ignored: fetch it
 * as a Blob and save that under the export's file name; if that is refused, open the URL in a new tab instead.
 */
export async function saveExport(job: ExportJob): Promise<"saved" | "opened"> {
  const url = job.download_url!;
  try {
    const blob = await downloadBlob(url);
    const objectUrl = URL.createObjectURL(blob);
    clickLink(objectUrl, { download: safeFilename(job.filename) });
    setTimeout(() => URL.revokeObjectURL(objectUrl), 30_000);
    return "saved";
  } catch {
    clickLink(url, { download: safeFilename(job.filename), target: "_blank" });
    return "opened";
  }
}
