/** Toasts: short messages in the corner (errors from the API, "Saved", ...). */
import { create } from "zustand";
import { errorMessage } from "../api";

export type ToastKind = "info" | "success" | "error";
export interface Toast { id: number; kind: ToastKind; text: string }

interface ToastState {
  toasts: Toast[];
  push: (kind: ToastKind, text: string) => void;
  dismiss: (id: number) => void;
}

let next = 1;
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push(kind, text) {
    const id = next++;
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
    setTimeout(() => get().dismiss(id), kind === "error" ? 8000 : 3500);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const toast = {
  info: (text: string) => useToasts.getState().push("info", text),
  success: (text: string) => useToasts.getState().push("success", text),
  error: (err: unknown) => useToasts.getState().push("error", errorMessage(err)),
};
