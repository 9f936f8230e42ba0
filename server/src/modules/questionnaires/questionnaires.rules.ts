import {
  CHOICE_TYPES,
  type Answer,
  type AnswerValue,
  type Locale,
  type NeedsCreate,
  type PainPointInput,
  type Question,
  type QuestionSummary,
} from '@tuoke/shared';
import { badRequest, invalidField } from '../../http/errors.js';
import { localDate } from '../../lib/dates.js';

/*
 * The pure rules of questionnaires: what a well-formed question is, whether an answer set fits
 * the questions, how an answer reads, the summary per question, and how answers prefill a needs
 * record. No database here, so they are tested directly.
 */

const TEXT_MAX = { text: 500, textarea: 5000 } as const;

/**
 * Checks and tidies the builder's questions: unique ids, choice questions with 2–20 distinct
 * options, scale questions with a maximum. Properties that do not belong to a question's type
 * (options on a text question, a scale on a choice) are dropped, so switching the type in the
 * builder leaves nothing stale behind.
 */
export function normalizeQuestions(questions: Question[], forPublish: boolean): Question[] {
  if (forPublish && questions.length === 0)
    throw invalidField('questions', 'a questionnaire needs at least one question to be published');
  const ids = new Set<string>();
  return questions.map((q, i) => {
    const at = `questions/${i}`;
    if (ids.has(q.id)) throw invalidField(`${at}/id`, 'is used by another question');
    ids.add(q.id);
    const text = q.text.trim();
    if (!text) throw invalidField(`${at}/text`, 'must not be empty');
    const out: Question = {
      id: q.id,
      type: q.type,
      text,
      help: q.help?.trim() || null,
      required: q.required,
      mapsTo: q.mapsTo ?? null,
      painCategory: q.mapsTo === 'pain_point' ? (q.painCategory ?? null) : null,
    };
    if (CHOICE_TYPES.includes(q.type)) {
      const options = q.options ?? [];
      if (options.length < 2)
        throw invalidField(`${at}/options`, 'a choice question needs at least 2 options');
      const optionIds = new Set<string>();
      out.options = options.map((o, k) => {
        if (optionIds.has(o.id)) throw invalidField(`${at}/options/${k}/id`, 'is used by another option');
        optionIds.add(o.id);
        const label = o.label.trim();
        if (!label) throw invalidField(`${at}/options/${k}/label`, 'must not be empty');
        const budgetMin = q.mapsTo === 'budget' ? (o.budgetMin ?? null) : null;
        const budgetMax = q.mapsTo === 'budget' ? (o.budgetMax ?? null) : null;
        if (budgetMin !== null && budgetMax !== null && budgetMin > budgetMax)
          throw invalidField(`${at}/options/${k}/budgetMax`, 'must not be below budgetMin');
        return { id: o.id, label, budgetMin, budgetMax };
      });
    }
    if (q.type === 'scale') {
      if (q.scaleMax !== 5 && q.scaleMax !== 10)
        throw invalidField(`${at}/scaleMax`, 'a scale question runs from 1 to 5 or 1 to 10');
      out.scaleMax = q.scaleMax;
      out.minLabel = q.minLabel?.trim() || null;
      out.maxLabel = q.maxLabel?.trim() || null;
    }
    return out;
  });
}

const isEmpty = (v: AnswerValue | undefined) =>
  v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Checks an answer set against the questions and returns it tidied (in question order, empty
 * answers left out). Every problem is reported at once, each at `answers/<questionId>`, so the
 * customer's page can show it next to its question.
 */
export function validateAnswers(questions: Question[], answers: Answer[]): Answer[] {
  const errors: { path: string; message: string }[] = [];
  const byId = new Map<string, AnswerValue>();
  answers.forEach((a, i) => {
    if (!questions.some((q) => q.id === a.questionId))
      errors.push({ path: `answers/${i}/questionId`, message: 'no such question in this questionnaire' });
    else if (byId.has(a.questionId))
      errors.push({ path: `answers/${a.questionId}`, message: 'is answered twice' });
    else byId.set(a.questionId, a.value);
  });
  const out: Answer[] = [];
  for (const q of questions) {
    const path = `answers/${q.id}`;
    const v = byId.get(q.id);
    if (isEmpty(v)) {
      if (q.required) errors.push({ path, message: 'is required' });
      continue;
    }
    const optionIds = new Set((q.options ?? []).map((o) => o.id));
    switch (q.type) {
      case 'single':
        if (typeof v !== 'string') errors.push({ path, message: 'must be one option id' });
        else if (!optionIds.has(v)) errors.push({ path, message: `no option ${v} in this question` });
        else out.push({ questionId: q.id, value: v });
        break;
      case 'multiple': {
        if (!Array.isArray(v)) {
          errors.push({ path, message: 'must be a list of option ids' });
          break;
        }
        const unknown = v.find((x) => !optionIds.has(x));
        if (unknown !== undefined) errors.push({ path, message: `no option ${unknown} in this question` });
        else if (new Set(v).size !== v.length) errors.push({ path, message: 'lists an option twice' });
        else
          out.push({
            questionId: q.id,
            value: (q.options ?? []).map((o) => o.id).filter((id) => v.includes(id)),
          });
        break;
      }
      case 'scale': {
        const max = q.scaleMax ?? 5;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
          errors.push({ path, message: `must be a whole number from 1 to ${max}` });
        else out.push({ questionId: q.id, value: v });
        break;
      }
      case 'text':
      case 'textarea': {
        if (typeof v !== 'string') errors.push({ path, message: 'must be text' });
        else if (v.trim().length > TEXT_MAX[q.type])
          errors.push({ path, message: `must NOT have more than ${TEXT_MAX[q.type]} characters` });
        else out.push({ questionId: q.id, value: v.trim() });
        break;
      }
    }
  }
  if (errors.length) throw badRequest('Some answers are not valid', errors);
  return out;
}

/** An answer as text: option labels, "4 / 5", or the text itself. */
export function displayAnswer(q: Question | undefined, value: AnswerValue, lang: Locale): string {
  if (!q) return Array.isArray(value) ? value.join(', ') : String(value);
  const label = (id: string) => q.options?.find((o) => o.id === id)?.label ?? id;
  if (q.type === 'single' && typeof value === 'string') return label(value);
  if (q.type === 'multiple' && Array.isArray(value))
    return value.map(label).join(lang === 'en' ? ', ' : '、');
  if (q.type === 'scale') return `${value} / ${q.scaleMax ?? 5}`;
  return String(value);
}

/** Counts per option, average and distribution per scale, the latest texts, for each question. */
export function summarize(
  questions: Question[],
  responses: { answers: Answer[]; accountName: string }[],
): QuestionSummary[] {
  return questions.map((q) => {
    const values = responses.flatMap((r) => {
      const a = r.answers.find((x) => x.questionId === q.id);
      return a ? [{ value: a.value, accountName: r.accountName }] : [];
    });
    const base = { questionId: q.id, text: q.text, type: q.type, answered: values.length };
    if (q.type === 'single' || q.type === 'multiple') {
      const counts = new Map<string, number>();
      for (const { value } of values)
        for (const id of Array.isArray(value) ? value : [String(value)])
          counts.set(id, (counts.get(id) ?? 0) + 1);
      return {
        ...base,
        choices: (q.options ?? []).map((o) => ({ id: o.id, label: o.label, count: counts.get(o.id) ?? 0 })),
      };
    }
    if (q.type === 'scale') {
      const max = q.scaleMax ?? 5;
      const nums = values.map((v) => Number(v.value)).filter((n) => Number.isInteger(n));
      const sum = nums.reduce((s, n) => s + n, 0);
      return {
        ...base,
        scaleMax: max,
        average: nums.length ? Math.round((sum * 100) / nums.length) / 100 : null,
        distribution: Array.from({ length: max }, (_, k) => ({
          value: k + 1,
          count: nums.filter((n) => n === k + 1).length,
        })),
      };
    }
    return {
      ...base,
      texts: values.slice(0, 20).map((v) => ({ accountName: v.accountName, text: String(v.value) })),
    };
  });
}

const LABELS = {
  'zh-CN': { budget: '预算', timeline: '时间', sep: '：', from: '来自问卷' },
  en: { budget: 'Budget', timeline: 'Timeline', sep: ': ', from: 'From questionnaire' },
} as const;

/**
 * A needs record prefilled from one answer set, by the questions' `mapsTo`:
 * - situation / goals / notes: the answers as text (with the question when there are several);
 * - pain_point: each chosen option, a text answer, or a scale question answered at the middle
 *   or higher (its text becomes the pain point, the answer its severity on 1–5);
 * - budget: a chosen option's range (one figure when both ends are equal), status "estimated";
 *   a text answer goes to the notes;
 * - timeline: goes to the notes (dates are for the rep to set);
 * - competitors: chosen options, or a text split at commas.
 * The rep reviews and saves it; nothing is stored here.
 */
export function needsDraftFrom(
  questionnaire: { title: string; language: Locale; questions: Question[] },
  response: {
    id: string;
    accountId: string;
    contactId: string | null;
    answers: Answer[];
    submittedAt: string;
  },
): NeedsCreate {
  const L = LABELS[questionnaire.language] ?? LABELS['zh-CN'];
  const lines: Record<'situation' | 'goals' | 'notes', string[]> = { situation: [], goals: [], notes: [] };
  const painPoints: PainPointInput[] = [];
  const competitors: string[] = [];
  const draft: NeedsCreate = {
    accountId: response.accountId,
    contactId: response.contactId,
    title: `${questionnaire.title} · ${localDate(new Date(response.submittedAt))}`.slice(0, 200),
    sourceResponseId: response.id,
  };
  const answered = questionnaire.questions.flatMap((q) => {
    const a = response.answers.find((x) => x.questionId === q.id);
    return a && q.mapsTo
      ? [{ q, value: a.value, text: displayAnswer(q, a.value, questionnaire.language) }]
      : [];
  });
  const countOf = (m: string) => answered.filter((x) => x.q.mapsTo === m).length;
  for (const { q, value, text } of answered) {
    const category = q.painCategory ?? 'other';
    switch (q.mapsTo) {
      case 'situation':
      case 'goals':
      case 'notes':
        lines[q.mapsTo].push(
          countOf(q.mapsTo) > 1 || q.type !== 'textarea' ? `${q.text}${L.sep}${text}` : text,
        );
        break;
      case 'pain_point':
        if (q.type === 'single' || q.type === 'multiple') {
          for (const id of Array.isArray(value) ? value : [String(value)]) {
            const label = q.options?.find((o) => o.id === id)?.label;
            if (label) painPoints.push({ description: label, severity: 3, category });
          }
        } else if (q.type === 'scale') {
          const max = q.scaleMax ?? 5;
          const severity = Math.min(5, Math.max(1, Math.round((Number(value) * 5) / max)));
          if (severity >= 3) painPoints.push({ description: q.text, severity, category });
        } else painPoints.push({ description: text.slice(0, 500), severity: 3, category });
        break;
      case 'budget': {
        const option = q.type === 'single' ? q.options?.find((o) => o.id === value) : undefined;
        const min = option?.budgetMin ?? null;
        const max = option?.budgetMax ?? null;
        if (min !== null || max !== null) {
          if (min !== null && min === max) draft.budgetAmount = min;
          else {
            draft.budgetMin = min;
            draft.budgetMax = max;
          }
          draft.budgetStatus = 'estimated';
        }
        lines.notes.push(`${L.budget}${L.sep}${text}`);
        break;
      }
      case 'timeline':
        lines.notes.push(`${L.timeline}${L.sep}${text}`);
        break;
      case 'competitors':
        if (q.type === 'single' || q.type === 'multiple')
          for (const id of Array.isArray(value) ? value : [String(value)])
            competitors.push(q.options?.find((o) => o.id === id)?.label ?? '');
        else competitors.push(...text.split(/[,，、;；\n]+/));
        break;
    }
  }
  const join = (xs: string[]) => (xs.length ? xs.join('\n').slice(0, 5000) : null);
  draft.situation = join(lines.situation);
  draft.goals = join(lines.goals);
  draft.notes = join([...lines.notes, `${L.from}${L.sep}${questionnaire.title}`]);
  draft.painPoints = painPoints.slice(0, 30);
  draft.competitors = [...new Set(competitors.map((c) => c.trim().slice(0, 100)).filter(Boolean))].slice(
    0,
    20,
  );
  return draft;
}
