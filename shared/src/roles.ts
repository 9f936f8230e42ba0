/** Roles, permissions per object and action, and the data scope each role gets. */

export const ROLES = [
  'admin',
  'sales_director',
  'sales_manager',
  'sales_rep',
  'marketing',
  'recruiter',
  'service_agent',
] as const;
export type Role = (typeof ROLES)[number];

export const OBJECTS = [
  'account',
  'contact',
  'lead',
  'product',
  'pipeline',
  'opportunity',
  'activity',
  'user',
  'team',
  'contract',
  'payment',
  'invoice',
  'quote',
  'approval_rule',
  'lead_source',
  'web_form',
  'assignment_rule',
  'scoring_rule',
  'campaign',
  'segment',
  'pool',
  'needs_record',
  'questionnaire',
  'proposal',
  // 销售会议 (issue 5): read = the meetings one attends (or of teams in scope); create/update = run them
  'meeting',
  // 拜访 (issue 5): visit plans and check-ins
  'visit',
  // 督导: read = the supervision board in one's scope; update = the organisation's thresholds (admins)
  'supervision',
  // 日报/周报 (issue 5): work_report = the reports (read: whose one may open); report_rule = who must submit
  'work_report',
  'report_rule',
  // 目标与计划 (issue 6): market analysis (markets, competitors, macro factors), targets (read: the
  // targets of owners in scope), sales plans (channels and budgets), territories
  'market',
  'target',
  'sales_plan',
  'territory',
] as const;
export type ObjectType = (typeof OBJECTS)[number];

export const ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Which records' owners a user may see:
 * own; own + everyone reporting to them (recursively); everyone in their team;
 * their team and its sub-teams; the whole organisation.
 */
export const SCOPES = ['own', 'own_subordinates', 'team', 'team_subtree', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Grant {
  actions: readonly Action[];
  scope: Scope;
}

const CRUD = ['read', 'create', 'update', 'delete'] as const;
const CRU = ['read', 'create', 'update'] as const;
const R = ['read'] as const;

type Matrix = Record<Role, Partial<Record<ObjectType, Grant>>>;

const everyoneReadsDirectory = {
  product: { actions: R, scope: 'all' },
  pipeline: { actions: R, scope: 'all' },
  user: { actions: R, scope: 'all' },
  team: { actions: R, scope: 'all' },
} as const;

export const PERMISSIONS: Matrix = {
  admin: Object.fromEntries(OBJECTS.map((o) => [o, { actions: CRUD, scope: 'all' }])),
  sales_director: {
    ...everyoneReadsDirectory,
    account: { actions: CRUD, scope: 'all' },
    contact: { actions: CRUD, scope: 'all' },
    lead: { actions: CRUD, scope: 'all' },
    opportunity: { actions: CRUD, scope: 'all' },
    activity: { actions: CRUD, scope: 'all' },
    product: { actions: CRU, scope: 'all' },
    contract: { actions: CRUD, scope: 'all' },
    payment: { actions: CRUD, scope: 'all' },
    invoice: { actions: CRUD, scope: 'all' },
    quote: { actions: CRUD, scope: 'all' },
    approval_rule: { actions: R, scope: 'all' },
    lead_source: { actions: R, scope: 'all' },
    web_form: { actions: R, scope: 'all' },
    assignment_rule: { actions: CRUD, scope: 'all' },
    scoring_rule: { actions: CRUD, scope: 'all' },
    campaign: { actions: CRUD, scope: 'all' },
    segment: { actions: CRUD, scope: 'all' },
    // pools (公海): read = see the pools one is a member of; update = settings, members, rules
    pool: { actions: CRUD, scope: 'all' },
    needs_record: { actions: CRUD, scope: 'all' },
    questionnaire: { actions: CRUD, scope: 'all' },
    proposal: { actions: CRUD, scope: 'all' },
    meeting: { actions: CRUD, scope: 'all' },
    visit: { actions: CRUD, scope: 'all' },
    supervision: { actions: R, scope: 'all' },
    // reports: a director reads everyone's; rules are the administrator's
    work_report: { actions: CRU, scope: 'all' },
    report_rule: { actions: R, scope: 'all' },
    // targets and planning: the director sets the company's targets and owns the plan
    market: { actions: CRUD, scope: 'all' },
    target: { actions: CRUD, scope: 'all' },
    sales_plan: { actions: CRUD, scope: 'all' },
    territory: { actions: CRUD, scope: 'all' },
  },
  sales_manager: {
    ...everyoneReadsDirectory,
    account: { actions: CRUD, scope: 'team_subtree' },
    contact: { actions: CRUD, scope: 'team_subtree' },
    lead: { actions: CRUD, scope: 'team_subtree' },
    opportunity: { actions: CRUD, scope: 'team_subtree' },
    activity: { actions: CRUD, scope: 'team_subtree' },
    contract: { actions: CRUD, scope: 'team_subtree' },
    payment: { actions: CRUD, scope: 'team_subtree' },
    invoice: { actions: CRUD, scope: 'team_subtree' },
    quote: { actions: CRUD, scope: 'team_subtree' },
    lead_source: { actions: R, scope: 'all' },
    assignment_rule: { actions: R, scope: 'all' },
    scoring_rule: { actions: R, scope: 'all' },
    // campaigns are the organisation's: read (and work an event's registrations and booth)
    campaign: { actions: R, scope: 'all' },
    segment: { actions: CRUD, scope: 'team_subtree' },
    pool: { actions: R, scope: 'all' },
    needs_record: { actions: CRUD, scope: 'team_subtree' },
    questionnaire: { actions: CRUD, scope: 'all' },
    proposal: { actions: CRUD, scope: 'team_subtree' },
    // a manager runs the meetings of the teams he leads (his team and the teams below it)
    meeting: { actions: CRUD, scope: 'team_subtree' },
    // a manager plans visits for the reps of his team and sees how they went
    visit: { actions: CRUD, scope: 'team_subtree' },
    supervision: { actions: R, scope: 'team_subtree' },
    // a manager reads (and comments on) the reports of his team and the teams below it
    work_report: { actions: CRU, scope: 'team_subtree' },
    report_rule: { actions: R, scope: 'all' },
    // a manager reads the market and the plan, and cascades his team's targets to his reps
    market: { actions: R, scope: 'all' },
    target: { actions: CRUD, scope: 'team_subtree' },
    sales_plan: { actions: R, scope: 'all' },
    territory: { actions: R, scope: 'all' },
  },
  sales_rep: {
    ...everyoneReadsDirectory,
    account: { actions: CRU, scope: 'own' },
    contact: { actions: CRU, scope: 'own' },
    lead: { actions: CRU, scope: 'own' },
    opportunity: { actions: CRU, scope: 'own' },
    activity: { actions: CRUD, scope: 'own' },
    contract: { actions: CRU, scope: 'own' },
    payment: { actions: CRU, scope: 'own' },
    invoice: { actions: CRU, scope: 'own' },
    quote: { actions: CRU, scope: 'own' },
    lead_source: { actions: R, scope: 'all' },
    campaign: { actions: R, scope: 'all' },
    segment: { actions: CRU, scope: 'own' },
    pool: { actions: R, scope: 'all' },
    needs_record: { actions: CRU, scope: 'own' },
    // reps send the questionnaires marketing and managers build
    questionnaire: { actions: R, scope: 'all' },
    proposal: { actions: CRU, scope: 'own' },
    // a rep reads the meetings they attend (and ticks off their own action items)
    meeting: { actions: R, scope: 'own' },
    // a rep plans and makes his own visits (cancelling is an update)
    visit: { actions: CRU, scope: 'own' },
    // a rep sees their own findings
    supervision: { actions: R, scope: 'own' },
    // a rep writes and reads his own reports
    work_report: { actions: CRU, scope: 'own' },
    // a rep reads the market and his own targets (and how far he is)
    market: { actions: R, scope: 'all' },
    target: { actions: R, scope: 'own' },
    territory: { actions: R, scope: 'all' },
  },
  marketing: {
    ...everyoneReadsDirectory,
    lead: { actions: CRUD, scope: 'all' },
    account: { actions: R, scope: 'all' },
    // marketing runs lead intake: sources, web forms, scoring; routing is sales management's
    lead_source: { actions: CRUD, scope: 'all' },
    web_form: { actions: CRUD, scope: 'all' },
    scoring_rule: { actions: CRUD, scope: 'all' },
    assignment_rule: { actions: R, scope: 'all' },
    // e-mail campaigns reach contacts: marketing reads them (segments, audiences)
    contact: { actions: R, scope: 'all' },
    campaign: { actions: CRUD, scope: 'all' },
    segment: { actions: CRUD, scope: 'all' },
    pool: { actions: R, scope: 'all' },
    activity: { actions: CRUD, scope: 'own' },
    needs_record: { actions: R, scope: 'all' },
    questionnaire: { actions: CRUD, scope: 'all' },
    work_report: { actions: CRU, scope: 'own' },
    // market analysis is marketing's work; marketing reads the plan its budget lines belong to
    market: { actions: CRUD, scope: 'all' },
    target: { actions: R, scope: 'all' },
    sales_plan: { actions: R, scope: 'all' },
    territory: { actions: R, scope: 'all' },
  },
  recruiter: {
    user: { actions: R, scope: 'all' },
    team: { actions: R, scope: 'all' },
    activity: { actions: CRUD, scope: 'own' },
    work_report: { actions: CRU, scope: 'own' },
  },
  service_agent: {
    ...everyoneReadsDirectory,
    account: { actions: R, scope: 'all' },
    contact: { actions: ['read', 'update'], scope: 'all' },
    needs_record: { actions: R, scope: 'all' },
    activity: { actions: CRUD, scope: 'own' },
    work_report: { actions: CRU, scope: 'own' },
  },
};

export function grantFor(role: Role, object: ObjectType): Grant | undefined {
  return PERMISSIONS[role][object];
}

export function can(role: Role, object: ObjectType, action: Action): boolean {
  return grantFor(role, object)?.actions.includes(action) ?? false;
}
