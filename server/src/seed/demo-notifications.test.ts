import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '@tuoke/shared';
import { buildDemo } from './demo-build.js';
import { buildDemoNotifications } from './demo-notifications.js';

describe('demo notifications', () => {
  const now = new Date('2026-11-28T02:00:00.000Z');
  const { rows } = buildDemo(now, 'hash');
  const out = buildDemoNotifications(rows, now);
  const of = (key: string) => {
    const id = rows.users.find((u) => u.email === `${key}@tuoke.demo`)!.id;
    return out.notifications.filter((n) => n.userId === id);
  };

  it('gives the rep and the 华东 manager several each, some unread, about their own records', () => {
    for (const key of ['rep', 'manager']) {
      const mine = of(key);
      expect(mine.length, key).toBeGreaterThanOrEqual(6);
      expect(mine.some((n) => n.readAt === null)).toBe(true);
      expect(mine.some((n) => n.readAt !== null)).toBe(true);
    }
    const rep = rows.users.find((u) => u.email === 'rep@tuoke.demo')!;
    for (const n of of('rep').filter((x) => x.refType === 'opportunity')) {
      const deal = rows.opportunities.find((o) => o.id === n.refId)!;
      expect(deal.ownerId).toBe(rep.id);
      expect(n.link).toBe(`/opportunities/${deal.id}`);
    }
    expect(of('admin').length + of('director').length).toBeGreaterThan(0);
  });

  it('uses known kinds, valid params and past times; deterministic', () => {
    for (const n of out.notifications) {
      expect(NOTIFICATION_KINDS).toContain(n.kind);
      expect(
        Object.values(JSON.parse(String(n.params))).every(
          (v) => v === null || ['string', 'number'].includes(typeof v),
        ),
      ).toBe(true);
      expect(Date.parse(String(n.createdAt))).toBeLessThan(now.getTime());
      expect(n.orgId).toBe(rows.organizations[0]!.id);
    }
    const again = buildDemoNotifications(buildDemo(now, 'hash').rows, now);
    expect(again.notifications).toEqual(out.notifications);
  });
});
