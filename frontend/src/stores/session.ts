/** Who is signed in. `status` starts "loading" while a stored refresh token is tried (silent sign-in). */
import { create } from "zustand";
import { authApi, onSessionLost, refreshSession, tokens, type User } from "../api";

type Status = "loading" | "signed-in" | "signed-out";

interface SessionState {
  status: Status;
  user: User | null;
  bootstrap: () => Promise<void>;
  login: (email: string, password: string) => Promise<void>;
  register: (email: string, password: string, name: string) => Promise<void>;
  logout: () => Promise<void>;
  setUser: (user: User) => void;
}

export const useSession = create<SessionState>((set) => ({
  status: "loading",
  user: null,
  async bootstrap() {
    if (!tokens.hasRefresh() || !(await refreshSession())) {
      set({ status: "signed-out", user: null });
      return;
    }
    try {
      set({ status: "signed-in", user: await authApi.me() });
    } catch {
      set({ status: "signed-out", user: null });
    }
  },
  async login(email, password) {
    const user = await authApi.login(email, password);
    set({ status: "signed-in", user });
  },
  async register(email, password, name) {
    const user = await authApi.register(email, password, name);
    set({ status: "signed-in", user });
  },
  async logout() {
    await authApi.logout().catch(() => undefined);
    set({ status: "signed-out", user: null });
  },
  setUser(user) {
    set({ user });
  },
}));

onSessionLost(() => useSession.setState({ status: "signed-out", user: null }));
