import { useMemo } from 'react';
import type { Team, User } from '@tuoke/shared';
import { useList, useSaveRecord } from '../../app/resource';

/** Everyone in the organisation (small orgs: one page), for names and pickers. */
export function useAllUsers() {
  const query = useList<User>('users', { limit: 200, sort: 'name' });
  const users = useMemo(() => query.data?.items ?? [], [query.data]);
  const byId = useMemo(() => new Map(users.map((u) => [u.id, u])), [users]);
  return { ...query, users, byId };
}

export function useAllTeams() {
  const query = useList<Team>('teams', { limit: 200, sort: 'name' });
  const teams = useMemo(() => query.data?.items ?? [], [query.data]);
  const byId = useMemo(() => new Map(teams.map((t) => [t.id, t])), [teams]);
  return { ...query, teams, byId };
}

export const useSaveUser = () => useSaveRecord<User>('users');
export const useSaveTeam = () => useSaveRecord<Team>('teams', ['users']);
