import type { Migration } from 'kysely';
import * as foundation from './20261127T190000-foundation.js';
import * as contractsPayments from './20261127T210300-contracts-payments.js';
import * as stageCriteria from './20261127T210100-stage-criteria.js';
import * as approvalsQuotes from './20261127T210200-approvals-quotes.js';
import * as approvalsMargin from './20261127T220000-approvals-margin.js';
import * as customerDevelopment from './20261128T000050-customer-development.js';

/** Every migration, in order. Add new ones at the end; never edit or reorder landed ones. */
export const migrations: Record<string, Migration> = {
  '20261127T190000-foundation': foundation,
  '20261127T210100-stage-criteria': stageCriteria,
  '20261127T210200-approvals-quotes': approvalsQuotes,
  '20261127T210300-contracts-payments': contractsPayments,
  '20261127T220000-approvals-margin': approvalsMargin,
  '20261128T000050-customer-development': customerDevelopment,
};
