import type { Role } from '@tuoke/shared';

/** Who is making the request. Built by the auth hook from a session cookie or an API token. */
export interface Actor {
  userId: string;
  orgId: string;
  role: Role;
  name: string;
  teamId: string | null;
  managerId: string | null;
  via: 'session' | 'token';
}
