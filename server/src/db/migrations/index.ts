import type { Migration } from 'kysely';
import * as foundation from './20261127T190000-foundation.js';
import * as contractsPayments from './20261127T210300-contracts-payments.js';
import * as stageCriteria from './20261127T210100-stage-criteria.js';
import * as approvalsQuotes from './20261127T210200-approvals-quotes.js';
import * as approvalsMargin from './20261127T220000-approvals-margin.js';
import * as customerDevelopment from './20261128T000050-customer-development.js';
import * as pools from './20261128T000100-pools.js';
import * as leadIntake from './20261128T000200-lead-intake.js';
import * as dedupe from './20261128T000300-dedupe.js';
import * as campaigns from './20261128T000400-campaigns.js';
import * as needsProposals from './20261128T000500-needs-proposals.js';
import * as calendarFeeds from './20261128T010000-calendar-feeds.js';
import * as supervisionBase from './20261128T020000-supervision-base.js';
import * as visits from './20261128T020100-visits.js';
import * as supervision from './20261128T020200-supervision.js';
import * as notifications from './20261128T020300-notifications.js';
import * as workReports from './20261128T020400-work-reports.js';
import * as meetings from './20261128T020500-meetings.js';
import * as planningBase from './20261128T030000-planning-base.js';
import * as markets from './20261128T030100-markets.js';
import * as targets from './20261128T030200-targets.js';
import * as plans from './20261128T030300-plans.js';
import * as lastTouch from './20261128T030400-last-touch.js';

/** Every migration, in order. Add new ones at the end; never edit or reorder landed ones. */
export const migrations: Record<string, Migration> = {
  '20261127T190000-foundation': foundation,
  '20261127T210100-stage-criteria': stageCriteria,
  '20261127T210200-approvals-quotes': approvalsQuotes,
  '20261127T210300-contracts-payments': contractsPayments,
  '20261127T220000-approvals-margin': approvalsMargin,
  '20261128T000050-customer-development': customerDevelopment,
  '20261128T000100-pools': pools,
  '20261128T000200-lead-intake': leadIntake,
  '20261128T000300-dedupe': dedupe,
  '20261128T000400-campaigns': campaigns,
  '20261128T000500-needs-proposals': needsProposals,
  '20261128T010000-calendar-feeds': calendarFeeds,
  '20261128T020000-supervision-base': supervisionBase,
  '20261128T020100-visits': visits,
  '20261128T020200-supervision': supervision,
  '20261128T020300-notifications': notifications,
  '20261128T020400-work-reports': workReports,
  '20261128T020500-meetings': meetings,
  '20261128T030000-planning-base': planningBase,
  '20261128T030100-markets': markets,
  '20261128T030200-targets': targets,
  '20261128T030300-plans': plans,
  '20261128T030400-last-touch': lastTouch,
};
