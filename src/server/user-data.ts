import { isRecord } from './http-io.js';
import type { UserData } from './interaction.js';

/** AttachUserData: top-level keys set, nested values replaced whole. */
export function attachUserData(target: UserData, given: UserData): UserData {
  return { ...target, ...structuredClone(given) };
}

/** UpdateUserData: nested objects merged key by key, everything else replaced. */
export function deepMergeUserData(target: UserData, given: UserData): UserData {
  const out: UserData = { ...target };
  for (const [key, value] of Object.entries(given)) {
    const current = out[key];
    out[key] =
      isRecord(current) && isRecord(value) ? deepMergeUserData(current, value) : structuredClone(value);
  }
  return out;
}

/** DeleteUserData: removes the given top-level keys; their values and absent keys are ignored. */
export function deleteUserData(target: UserData, given: UserData): UserData {
  const out: UserData = { ...target };
  for (const key of Object.keys(given)) delete out[key];
  return out;
}
