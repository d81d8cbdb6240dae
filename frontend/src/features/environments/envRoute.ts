import { useParams } from "react-router-dom";

export const GLOBALS = "globals";

/** The environment selected by the route /w/:ws/environments/<id> ("globals" for globals, null for none). */
export function selectedFromSplat(splat: string | undefined): string | null {
  const first = (splat ?? "").split("/").filter(Boolean)[0];
  return first ? decodeURIComponent(first) : null;
}

export function useSelectedEnvironment(): string | null {
  return selectedFromSplat(useParams()["*"]);
}

export const envPath = (ws: string, id?: string | null) =>
  `/w/${encodeURIComponent(ws)}/environments${id ? `/${encodeURIComponent(id)}` : ""}`;
