/** Light, dark or follow the system; remembered in localStorage and applied as <html data-theme>. */
import { create } from "zustand";

export type ThemeChoice = "light" | "dark" | "system";
const KEY = "playground.theme";

function systemDark(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

export function resolveTheme(choice: ThemeChoice, prefersDark = systemDark()): "light" | "dark" {
  return choice === "system" ? (prefersDark ? "dark" : "light") : choice;
}

function apply(choice: ThemeChoice): void {
  document.documentElement.dataset.theme = resolveTheme(choice);
}

function stored(): ThemeChoice {
  const v = typeof localStorage === "undefined" ? null : localStorage.getItem(KEY);
  return v === "light" || v === "dark" || v === "system" ? v : "system";
}

interface ThemeState {
  choice: ThemeChoice;
  setChoice: (choice: ThemeChoice) => void;
}

export const useTheme = create<ThemeState>((set) => ({
  choice: stored(),
  setChoice(choice) {
    localStorage.setItem(KEY, choice);
    apply(choice);
    set({ choice });
  },
}));

if (typeof matchMedia === "function") {
  matchMedia("(prefers-color-scheme: dark)").addEventListener?.("change", () => apply(useTheme.getState().choice));
}
