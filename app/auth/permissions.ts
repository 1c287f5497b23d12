import type { Role } from "#db/enums";

/**
 * Permission strings are `action:entity:access`, where access is `own`, `city` (the user's city)
 * or `any` (every city). This table is the only place that says what a role may do; loaders and
 * actions ask for a permission, the UI asks only to hide controls.
 */
const memberPermissions = [
  "read:dashboard:city",
  "read:member:city",
  "read:network:any",
  "update:settings:own",
  "read:meeting:city",
  "rsvp:meeting:own",
  "read:idea:city",
  "write:idea:own",
  "support:idea:city",
  "comment:idea:city",
  // Members read circulated and approved minutes only (the minutes model filters drafts out).
  "read:minutes:city",
  "comment:minutes:city",
  // Mark one's own action items done.
  "update:action-item:own",
  "read:action-plan:city",
] as const;

const ulgCoordinatorPermissions = [
  ...memberPermissions,
  "write:member:city",
  "read:member-contact:city",
  "export:member:city",
  "invite:member:city",
  "erase:member:city",
  "read:outbox:city",
  "write:meeting:city",
  "read:attendance:city",
  "write:attendance:city",
  // Move ideas through the pipeline, hide comments, keep pilots, share with the network.
  "moderate:idea:city",
  // Write, circulate, approve and correct minutes; read drafts.
  "write:minutes:city",
  "update:action-item:city",
] as const;

const projectCoordinatorPermissions = [
  ...ulgCoordinatorPermissions,
  "manage:user:city",
  "read:audit:city",
  "read:report:city",
  // Transnational meetings belong to the network, not to a city.
  "write:network-meeting:any",
  "write:action-plan:city",
] as const;

const adminPermissions = [
  "read:dashboard:any",
  "read:member:any",
  "read:member-contact:any",
  "export:member:any",
  "read:network:any",
  "update:settings:own",
  "manage:user:any",
  "manage:city:any",
  "read:audit:any",
  "read:outbox:any",
  "read:report:any",
  "read:meeting:any",
  "read:attendance:any",
  "write:network-meeting:any",
  "read:idea:any",
  "read:minutes:any",
  "read:action-plan:any",
] as const;

export type Permission =
  | (typeof projectCoordinatorPermissions)[number]
  | (typeof adminPermissions)[number];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  member: new Set(memberPermissions),
  ulg_coordinator: new Set(ulgCoordinatorPermissions),
  project_coordinator: new Set(projectCoordinatorPermissions),
  admin: new Set(adminPermissions),
};

export function hasPermission(user: { role: Role } | null | undefined, permission: Permission): boolean {
  if (!user) return false;
  return ROLE_PERMISSIONS[user.role].has(permission);
}

type ActionEntity = Permission extends `${infer A}:${infer E}:${string}` ? `${A}:${E}` : never;

/** The widest access a role has for `action:entity`: `any`, `city`, `own` or none. */
export function accessFor(user: { role: Role }, actionEntity: ActionEntity): "any" | "city" | "own" | null {
  const perms = ROLE_PERMISSIONS[user.role];
  for (const access of ["any", "city", "own"] as const) {
    if (perms.has(`${actionEntity}:${access}` as Permission)) return access;
  }
  return null;
}
