import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { isApiError, toNamePath } from './api';

type Translate = (key: string, options?: Record<string, unknown>) => string;

// The server's field messages are English (they are the API's); the forms show them in the
// user's language when they are ones we know.
const SERVER_MESSAGES: [RegExp, string, (m: RegExpMatchArray) => Record<string, unknown>][] = [
  [/^is required$/, 'required', () => ({})],
  [/^already used$/, 'alreadyUsed', () => ({})],
  [/^must not be empty$/, 'empty', () => ({})],
  [/^must NOT have more than (\d+) characters$/, 'tooLong', (m) => ({ max: m[1] })],
  [/^must NOT have fewer than (\d+) characters$/, 'tooShort', (m) => ({ min: m[1] })],
  [/real date/, 'badDate', () => ({})],
  [
    /^no such .* (in your data scope|in your organisation|in your catalogue)$|^no such (team|user)$/,
    'notInScope',
    () => ({}),
  ],
  [/^is not a known field$/, 'unknownField', () => ({})],
  [/check digit/, 'creditCode', () => ({})],
  [/deactivated/, 'deactivated', () => ({})],
  [/^say why the deal was lost$/, 'lostReason', () => ({})],
  [/^required to leave (.+)$/, 'requiredToLeave', (m) => ({ stage: m[1] })],
  [/^must be >= (\d+)$/, 'min', (m) => ({ n: m[1] })],
  [/^must be <= (\d+)$/, 'max', (m) => ({ n: m[1] })],
  [/^must match format "email"$/, 'email', () => ({})],
  [/^must match pattern/, 'pattern', () => ({})],
  [/loop|under itself/, 'loop', () => ({})],
  [/^the payments would exceed/, 'paymentsOverTotal', () => ({})],
  [/^the invoices would exceed/, 'invoicesOverTotal', () => ({})],
  [/^the installments would total more/, 'plansOverTotal', () => ({})],
  [/^give both latitude and longitude/, 'coordinatesPair', () => ({})],
  [/^must be between (-?\d+) and (-?\d+)$/, 'between', (m) => ({ min: m[1], max: m[2] })],
  [/^must not be in the past$/, 'notPast', () => ({})],
  [/^is not a (contact|deal) of this account$/, 'notOfAccount', () => ({})],
  [/^is neither a member of the meeting/, 'notTeamMember', () => ({})],
  [/^must not be before the meeting/, 'beforeMeeting', () => ({})],
  [/^a deal review needs at least one deal$/, 'needsDeals', () => ({})],
  [/^overlaps "(.+)" \((\S+) – (\S+)\)$/, 'targetOverlap', (m) => ({ name: m[1], from: m[2], to: m[3] })],
  [/^exceeds the parent by (\d+)$/, 'targetOverParent', () => ({})],
  [/^with this value the split of .* more than the parent/, 'targetOverParent', () => ({})],
  [
    /^the shares in .* would add up to (\S+ %) \(competitors (\S+ %), ours (\S+ %)\), more than 100 %$/,
    'sharesOver',
    (m) => ({ total: m[1], competitors: m[2], ours: m[3] }),
  ],
  [/is listed twice$/, 'listedTwice', () => ({})],
];

export function localizeFieldMessage(t: Translate, message: string): string {
  for (const [pattern, key, vars] of SERVER_MESSAGES) {
    const m = message.match(pattern);
    if (m) return t(`serverErrors.${key}`, vars(m));
  }
  return message;
}

/**
 * Shows an API error where the reader looks: field errors on the form's fields, the rest as a
 * message. A stale write reloads the record so the next save starts from the newest version.
 */
export function useErrorHandler() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (!isApiError(err)) {
        message.error((err as Error)?.message || t('app.errorTitle'));
        return;
      }
      if (err.status === 401) return; // The auth guard shows the login page.
      if (err.status === 403) {
        message.error(t('app.forbidden'));
        return;
      }
      if (err.code === 'stale') {
        void queryClient.invalidateQueries();
        message.warning(t('app.stale'));
        return;
      }
      if (err.code === 'network') {
        message.error(t('app.networkError'));
        return;
      }
      if (form && err.fields.length > 0) {
        form.setFields(
          err.fields.map((f) => ({ name: toNamePath(f.path), errors: [localizeFieldMessage(t, f.message)] })),
        );
        // Errors on fields this form does not show still need to be seen.
        const shown = new Set(Object.keys(form.getFieldsValue()));
        const hidden = err.fields.filter((f) => !shown.has(String(toNamePath(f.path)[0])));
        if (hidden.length > 0)
          message.error(hidden.map((f) => localizeFieldMessage(t, f.message)).join('; '));
        return;
      }
      message.error(err.message);
    },
    [message, queryClient, t],
  );
}
