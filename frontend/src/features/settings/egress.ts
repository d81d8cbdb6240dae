import type { EgressInfo } from "../../api";

export function egressModeLabel(mode: EgressInfo["mode"] | string): string {
  switch (mode) {
    case "hosted": return "Hosted · public internet only";
    case "local": return "Local · private networks allowed";
    case "team": return "Team · allow-listed networks";
    default: return mode;
  }
}
