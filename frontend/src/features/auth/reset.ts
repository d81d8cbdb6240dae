/** Forget what belonged to the previous user, so a different account signing in on this tab starts clean. */
import { useSession } from "../../stores/session";
import { useWorkspaces } from "../../stores/workspace";
import { useTabs } from "../request/tabsStore";

export function forgetUserData(): void {
  useWorkspaces.setState({ workspaces: [], loaded: false, currentId: null });
  useTabs.setState({ tabs: [], activeKey: null });
}

/**
 * Sign out, then load `path` as a fresh page. A full load (not a client-side navigation) drops every request still
 * in flight with the old session: one answering 401 after a new sign-in would otherwise clear the new tokens.
 */
export async function signOutTo(path: string): Promise<void> {
  await useSession.getState().logout();
  forgetUserData();
  window.location.replace(path);
}
