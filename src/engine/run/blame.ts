/**
 * The requirements a broken exchange stands for when no step names one (docs/blame.md). A failed
 * HTTP exchange stands for its step's requirements; these are the other cases.
 */

/** A CometD handshake or subscription the target failed while a scenario opened its sessions. */
export const HANDSHAKE_REQUIREMENT = 'IX-AUTH-04';
