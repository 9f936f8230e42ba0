import { describe, expect, it } from 'vitest';
import { haversineMeters } from '@tuoke/shared';
import { complianceOf } from '../modules/visits/index.js';
import { buildDemo } from './demo-build.js';
import { buildDemoPools } from './demo-pools.js';
import { buildDemoVisits } from './demo-visits.js';

describe.each([
  ['a Wednesday afternoon', '2026-11-25T07:00:00.000Z'],
  ['a Sunday evening', '2026-11-29T12:00:00.000Z'],
])('demo visits on %s', (_, when) => {
  const now = new Date(when);
  const { rows } = buildDemo(now, 'hash');
  buildDemoPools(rows, now);
  const before = rows.activities.length;
  const { visits } = buildDemoVisits(rows, now);
  const rep = String(rows.users.find((u) => u.email === 'rep@tuoke.demo')!.id);
  const bucket = (v: (typeof visits)[number]) =>
    complianceOf(
      {
        status: String(v.status),
        planned: Number(v.planned),
        plannedAt: String(v.plannedAt),
        checkedInAt: (v.checkedInAt as string | null) ?? null,
      },
      60,
      now,
    );

  it('gives several reps two weeks of visits on accounts they own, nothing dated after now', () => {
    const owners = new Set(visits.map((v) => v.ownerId));
    expect(owners.size).toBe(5);
    for (const v of visits) {
      const account = rows.accounts.find((a) => a.id === v.accountId)!;
      expect(account.ownerId).toBe(v.ownerId);
      for (const field of ['createdAt', 'updatedAt', 'checkedInAt', 'checkedOutAt', 'cancelledAt'] as const)
        if (v[field]) expect(Date.parse(String(v[field]))).toBeLessThanOrEqual(now.getTime());
      if (v.opportunityId)
        expect(rows.opportunities.find((o) => o.id === v.opportunityId)!.accountId).toBe(v.accountId);
    }
  });

  it("shows the demo rep's week on time, late, missed, unplanned, and exactly one far check-in", () => {
    const mine = visits.filter((v) => v.ownerId === rep);
    const counts = new Map<string, number>();
    for (const v of mine) counts.set(bucket(v), (counts.get(bucket(v)) ?? 0) + 1);
    expect(counts.get('on_time')).toBeGreaterThanOrEqual(3);
    expect(counts.get('late')).toBeGreaterThanOrEqual(1);
    expect(counts.get('missed')).toBeGreaterThanOrEqual(1);
    expect(counts.get('unplanned')).toBeGreaterThanOrEqual(1);
    // plans ahead: next week's first days at least
    expect(counts.get('pending')).toBeGreaterThanOrEqual(2);
    expect(visits.filter((v) => v.locationFlag === 'far')).toHaveLength(1);
    expect(visits.find((v) => v.locationFlag === 'far')!.ownerId).toBe(rep);
  });

  it('measures each check-in against its account, and logs each check-out as a visit activity', () => {
    const added = rows.activities.slice(before);
    for (const v of visits.filter((x) => x.checkedInAt)) {
      const a = rows.accounts.find((x) => x.id === v.accountId)!;
      if (a.latitude == null) {
        expect(v).toMatchObject({ distanceM: null, locationFlag: 'no_location' });
        continue;
      }
      const d = Math.round(
        haversineMeters(
          { latitude: Number(a.latitude), longitude: Number(a.longitude) },
          { latitude: Number(v.checkInLatitude), longitude: Number(v.checkInLongitude) },
        ),
      );
      expect(v.distanceM).toBe(d);
      expect(v.locationFlag).toBe(d > 500 ? 'far' : 'near');
    }
    const completed = visits.filter((v) => v.status === 'completed');
    expect(completed.length).toBeGreaterThan(10);
    expect(added).toHaveLength(completed.length);
    for (const v of completed) {
      const activity = added.find((x) => x.id === v.activityId)!;
      expect(activity).toMatchObject({
        type: 'visit',
        body: v.outcome,
        doneAt: v.checkedOutAt,
        accountId: v.accountId,
        ownerId: v.ownerId,
      });
    }
  });
});
