import {
  Team,
  TeamCreate,
  TeamListQuery,
  TeamPage,
  TeamUpdate,
  User,
  UserCreate,
  UserListQuery,
  UserPage,
  UserUpdate,
} from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import type { App } from '../../http/types.js';
import type { UsersService } from './users.service.js';

export function usersRoutes(app: App, service: UsersService) {
  crudRoutes(
    app,
    'users',
    'user (DELETE deactivates)',
    { item: User, page: UserPage, listQuery: UserListQuery, create: UserCreate, update: UserUpdate },
    service,
  );
  crudRoutes(
    app,
    'teams',
    'team',
    { item: Team, page: TeamPage, listQuery: TeamListQuery, create: TeamCreate, update: TeamUpdate },
    {
      list: (a, q) => service.listTeams(a, q),
      get: (a, id) => service.getTeam(a, id),
      create: (a, i) => service.createTeam(a, i),
      update: (a, id, i) => service.updateTeam(a, id, i),
      remove: (a, id) => service.removeTeam(a, id),
    },
  );
}
