import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_KINDS,
  ACCOUNT_LEVELS,
  ACCOUNT_SIZES,
  ACTIVITY_TYPES,
  DECISION_ROLES,
  INDUSTRIES,
  LEAD_STATUSES,
  LOCALES,
  REGIONS,
  RELATED_TYPES,
  ROLES,
  SOURCES,
  STAGE_KINDS,
  TEAM_TYPES,
} from '@tuoke/shared';
import { en } from './en';
import { zhCN } from './zh-CN';
import { normalizeLocale } from './index';

function keysOf(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  it('have exactly the same keys in zh-CN and English', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zhCN).sort());
  });

  it('have no empty strings', () => {
    for (const messages of [zhCN, en]) {
      const empty = keysOf(messages).filter((key) => {
        const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty).toEqual([]);
    }
  });

  it('label every value of every shared enum in both languages', () => {
    const groups: Record<string, readonly string[]> = {
      role: ROLES,
      accountKind: ACCOUNT_KINDS,
      accountSize: ACCOUNT_SIZES,
      accountLevel: ACCOUNT_LEVELS,
      source: SOURCES,
      industry: INDUSTRIES,
      region: REGIONS,
      decisionRole: DECISION_ROLES,
      leadStatus: LEAD_STATUSES,
      stageKind: STAGE_KINDS,
      activityType: ACTIVITY_TYPES,
      relatedType: RELATED_TYPES,
      teamType: TEAM_TYPES,
      locale: LOCALES,
    };
    for (const messages of [zhCN, en]) {
      for (const [group, values] of Object.entries(groups)) {
        const labels = (messages.enums as Record<string, Record<string, string>>)[group];
        expect(labels, group).toBeDefined();
        for (const value of values) expect(labels[value], `${group}.${value}`).toBeTruthy();
      }
    }
  });

  it('keep the same {{placeholders}} in both languages', () => {
    const lookup = (m: object, key: string) =>
      key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], m) as string;
    const placeholders = (s: string) => (s.match(/{{\s*\w+\s*}}/g) ?? []).sort();
    for (const key of keysOf(zhCN)) {
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(zhCN, key)));
    }
  });
});

describe('normalizeLocale', () => {
  it('maps browser languages onto the two supported locales', () => {
    expect(normalizeLocale('zh-TW')).toBe('zh-CN');
    expect(normalizeLocale('zh')).toBe('zh-CN');
    expect(normalizeLocale('en-GB')).toBe('en');
    expect(normalizeLocale('fr-FR')).toBeNull();
  });
});
