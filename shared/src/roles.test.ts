import { describe, expect, it } from 'vitest';
import { OBJECTS, PERMISSIONS, ROLES, can, grantFor } from './roles.js';

describe('roles', () => {
  it('gives admins everything and recruiters no sales data', () => {
    for (const o of OBJECTS)
      expect(grantFor('admin', o)).toEqual({ actions: ['read', 'create', 'update', 'delete'], scope: 'all' });
    for (const o of ['account', 'contact', 'lead', 'opportunity'] as const)
      expect(grantFor('recruiter', o)).toBeUndefined();
  });

  it('scopes sales roles by hierarchy: rep own, manager team subtree, director all', () => {
    expect(grantFor('sales_rep', 'opportunity')?.scope).toBe('own');
    expect(grantFor('sales_manager', 'opportunity')?.scope).toBe('team_subtree');
    expect(grantFor('sales_director', 'opportunity')?.scope).toBe('all');
    expect(can('sales_rep', 'account', 'delete')).toBe(false);
    expect(can('marketing', 'lead', 'delete')).toBe(true);
    expect(can('service_agent', 'contact', 'update')).toBe(true);
    expect(can('service_agent', 'opportunity', 'read')).toBe(false);
  });

  it('defines a matrix for every role', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ROLES].sort());
  });
});
