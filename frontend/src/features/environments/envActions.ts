/** Environment commands shared by the side panel and the editor (each shows its own errors as toasts). */
import { environmentsApi, type Environment, type EnvVariable } from "../../api";
import { confirmAction, promptText } from "../../ui/prompt";
import { toast } from "../../ui/toast";
import { useEnvironments } from "./envStore";

const strip = (vars: EnvVariable[]): EnvVariable[] =>
  vars.map(({ key, value, enabled, secret }) => ({ key, value, enabled, secret }));

/** Ask for a name, create it; resolves to the new environment (null when cancelled or failed). */
export async function createEnvironment(ws: string): Promise<Environment | null> {
  const name = await promptText("New environment", { label: "Environment name", confirmText: "Create" });
  if (!name) return null;
  try {
    const env = await environmentsApi.create(ws, name);
    useEnvironments.getState().upsert(env);
    return env;
  } catch (err) {
    toast.error(err);
    return null;
  }
}

export async function renameEnvironment(ws: string, env: Environment): Promise<Environment | null> {
  const name = await promptText("Rename environment", { label: "Environment name", initial: env.name, confirmText: "Rename" });
  if (!name || name === env.name) return null;
  try {
    // Masked secrets go back as null: the server keeps their values.
    const fresh = await environmentsApi.get(ws, env.id);
    const saved = await environmentsApi.save(ws, env.id, name, strip(fresh.variables), fresh.version);
    useEnvironments.getState().upsert(saved);
    return saved;
  } catch (err) {
    toast.error(err);
    return null;
  }
}

/** A copy needs the secret values themselves (a new environment has no stored values to keep), so it reveals. */
export async function duplicateEnvironment(ws: string, env: Environment): Promise<Environment | null> {
  try {
    const full = await environmentsApi.get(ws, env.id, env.variables.some((v) => v.secret));
    const copy = await environmentsApi.create(ws, `${env.name} copy`, strip(full.variables));
    useEnvironments.getState().upsert(copy);
    toast.success(`Duplicated as “${copy.name}”`);
    return copy;
  } catch (err) {
    toast.error(err);
    return null;
  }
}

export async function deleteEnvironment(ws: string, env: Environment): Promise<boolean> {
  const ok = await confirmAction(
    `Delete “${env.name}”?`,
    `Its ${env.variables.length} variable${env.variables.length === 1 ? "" : "s"} will be gone for everyone in the workspace. This cannot be undone.`,
    { confirmText: "Delete", danger: true },
  );
  if (!ok) return false;
  try {
    await environmentsApi.remove(ws, env.id);
    useEnvironments.getState().removeLocal(env.id);
    toast.success(`Deleted “${env.name}”`);
    return true;
  } catch (err) {
    toast.error(err);
    return false;
  }
}
