import { describe, expect, it } from 'vitest';
import type { Answer, Question } from '@tuoke/shared';
import { normalizeQuestions, validateAnswers } from '../modules/questionnaires/questionnaires.rules.js';
import { buildDemo } from './demo-build.js';
import { buildDemoNeeds } from './demo-needs.js';

describe('demo needs, questionnaires and proposals', () => {
  const now = new Date('2026-11-28T02:00:00.000Z');
  const { rows } = buildDemo(now, 'hash');
  const out = buildDemoNeeds(rows, now);

  it('puts needs records on eight accounts, four of them the demo rep’s, with contacts of the account', () => {
    const rep = rows.users.find((u) => u.email === 'rep@tuoke.demo')!.id;
    expect(out.needsRecords).toHaveLength(8);
    const owners = out.needsRecords.map((n) => rows.accounts.find((a) => a.id === n.accountId)!.ownerId);
    expect(owners.filter((o) => o === rep)).toHaveLength(4);
    for (const n of out.needsRecords) {
      const contacts = new Set(rows.contacts.filter((c) => c.accountId === n.accountId).map((c) => c.id));
      for (const d of JSON.parse(String(n.decisionMakers)) as { contactId: string }[])
        expect(contacts.has(d.contactId)).toBe(true);
      expect(JSON.parse(String(n.painPoints)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('has a questionnaire the builder accepts, and answer sets that pass its validation', () => {
    const published = out.questionnaires.find((q) => q.status === 'published')!;
    const questions = JSON.parse(String(published.questions)) as Question[];
    expect(() => normalizeQuestions(questions, true)).not.toThrow();
    expect(out.questionnaireResponses).toHaveLength(4);
    for (const r of out.questionnaireResponses) {
      const answers = JSON.parse(String(r.answers)) as Answer[];
      expect(validateAnswers(questions, answers)).toHaveLength(answers.length);
    }
    const draft = out.questionnaires.find((q) => q.status === 'draft')!;
    expect(() => normalizeQuestions(JSON.parse(String(draft.questions)) as Question[], true)).not.toThrow();
  });

  it('prices the two proposals from their items, numbered from the counter', () => {
    expect(out.proposals.map((p) => p.status)).toEqual(['sent', 'draft']);
    for (const p of out.proposals) {
      const items = out.proposalItems.filter((i) => i.proposalId === p.id);
      expect(p.total).toBe(items.reduce((s, i) => s + Number(i.amount), 0));
      expect(p.number).toMatch(/^FA-\d{8}-000[12]$/);
    }
    expect(out.numberCounters).toEqual([{ orgId: out.proposals[0]!.orgId, name: 'proposal:2026', value: 2 }]);
  });
});
