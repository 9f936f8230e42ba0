import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectType } from '@tuoke/shared';
import { useAuth } from './auth';
import { AppLayout } from './AppLayout';

/** Splits each screen into its own chunk, loaded on first visit. */
function page<K extends string>(loader: () => Promise<Record<K, ComponentType>>, name: K) {
  const Component = lazy(async () => ({ default: (await loader())[name] as ComponentType }));
  return function LazyPage() {
    return (
      <Suspense fallback={<PageSpinner />}>
        <Component />
      </Suspense>
    );
  };
}

export function PageSpinner() {
  return (
    <div style={{ padding: 80, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, isLoading } = useAuth();
  const location = useLocation();
  if (isLoading) return <PageSpinner />;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('app.forbiddenPage')}
      extra={
        <Button type="primary" href="/">
          {t('app.backHome')}
        </Button>
      }
    />
  );
}

function Allowed({ object, children }: { object: ObjectType; children: ReactNode }) {
  const { can } = useAuth();
  return can(object, 'read') ? <>{children}</> : <Forbidden />;
}

/** Settings only an administrator changes (the server refuses anyone else too). */
function AdminOnly({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  return me?.user.role === 'admin' ? <>{children}</> : <Forbidden />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('app.notFound')}
      subTitle={t('app.notFoundHint')}
      extra={
        <Button type="primary" href="/">
          {t('app.backHome')}
        </Button>
      }
    />
  );
}

const LoginPage = page(() => import('../modules/auth/LoginPage'), 'LoginPage');
const HomePage = page(() => import('../modules/home/HomePage'), 'HomePage');
const LeadsPage = page(() => import('../modules/leads/LeadsPage'), 'LeadsPage');
const LeadDetailPage = page(() => import('../modules/leads/LeadDetailPage'), 'LeadDetailPage');
const WebFormsPage = page(() => import('../modules/lead-intake/WebFormsPage'), 'WebFormsPage');
const WebFormBuilderPage = page(
  () => import('../modules/lead-intake/WebFormBuilderPage'),
  'WebFormBuilderPage',
);
const LeadSourcesPage = page(() => import('../modules/lead-intake/LeadSourcesPage'), 'LeadSourcesPage');
const AssignmentRulesPage = page(
  () => import('../modules/lead-intake/AssignmentRulesPage'),
  'AssignmentRulesPage',
);
const ScoringPage = page(() => import('../modules/lead-intake/ScoringPage'), 'ScoringPage');
const AccountsPage = page(() => import('../modules/accounts/AccountsPage'), 'AccountsPage');
const AccountDetailPage = page(() => import('../modules/accounts/AccountDetailPage'), 'AccountDetailPage');
const ContactsPage = page(() => import('../modules/contacts/ContactsPage'), 'ContactsPage');
const ContactDetailPage = page(() => import('../modules/contacts/ContactDetailPage'), 'ContactDetailPage');
const PoolsPage = page(() => import('../modules/pools/PoolsPage'), 'PoolsPage');
const PoolSettingsPage = page(() => import('../modules/pools/PoolSettingsPage'), 'PoolSettingsPage');
const QuestionnairesPage = page(
  () => import('../modules/questionnaires/QuestionnairesPage'),
  'QuestionnairesPage',
);
const QuestionnaireBuilderPage = page(
  () => import('../modules/questionnaires/QuestionnaireBuilderPage'),
  'QuestionnaireBuilderPage',
);
const DuplicatesPage = page(() => import('../modules/dedupe/DuplicatesPage'), 'DuplicatesPage');
const OpportunitiesPage = page(
  () => import('../modules/opportunities/OpportunitiesPage'),
  'OpportunitiesPage',
);
const OpportunityDetailPage = page(
  () => import('../modules/opportunities/OpportunityDetailPage'),
  'OpportunityDetailPage',
);
const KanbanPage = page(() => import('../modules/opportunities/KanbanPage'), 'KanbanPage');
const StageFunnelPage = page(() => import('../modules/opportunities/StageFunnelPage'), 'StageFunnelPage');
const ActivitiesPage = page(() => import('../modules/activities/ActivitiesPage'), 'ActivitiesPage');
const VisitsPage = page(() => import('../modules/visits/VisitsPage'), 'VisitsPage');
const VisitDetailPage = page(() => import('../modules/visits/VisitDetailPage'), 'VisitDetailPage');
const WorkReportsPage = page(() => import('../modules/work-reports/WorkReportsPage'), 'WorkReportsPage');
const WorkReportWritePage = page(
  () => import('../modules/work-reports/WorkReportWritePage'),
  'WorkReportWritePage',
);
const WorkReportDetailPage = page(
  () => import('../modules/work-reports/WorkReportDetailPage'),
  'WorkReportDetailPage',
);
const ReportRulesPage = page(() => import('../modules/work-reports/ReportRulesPage'), 'ReportRulesPage');
const SupervisionPage = page(() => import('../modules/supervision/SupervisionPage'), 'SupervisionPage');
const ProductsPage = page(() => import('../modules/products/ProductsPage'), 'ProductsPage');
const PipelinesPage = page(() => import('../modules/pipelines/PipelinesPage'), 'PipelinesPage');
const UsersPage = page(() => import('../modules/users/UsersPage'), 'UsersPage');
const TeamsPage = page(() => import('../modules/teams/TeamsPage'), 'TeamsPage');
const JobsPage = page(() => import('../modules/jobs/JobsPage'), 'JobsPage');
const ContractsPage = page(() => import('../modules/contracts/ContractsPage'), 'ContractsPage');
const ContractDetailPage = page(
  () => import('../modules/contracts/ContractDetailPage'),
  'ContractDetailPage',
);
const ApprovalsPage = page(() => import('../modules/approvals/ApprovalsPage'), 'ApprovalsPage');
const ApprovalRulesPage = page(() => import('../modules/approvals/ApprovalRulesPage'), 'ApprovalRulesPage');
const CashViewPage = page(() => import('../modules/contracts/CashViewPage'), 'CashViewPage');
const RemindersPage = page(() => import('../modules/reminders/RemindersPage'), 'RemindersPage');
const ContractSettingsPage = page(
  () => import('../modules/contracts/ContractSettingsPage'),
  'ContractSettingsPage',
);

const CampaignsPage = page(() => import('../modules/campaigns/CampaignsPage'), 'CampaignsPage');
const CampaignDetailPage = page(
  () => import('../modules/campaigns/CampaignDetailPage'),
  'CampaignDetailPage',
);
const MailSettingsPage = page(() => import('../modules/campaigns/MailSettingsPage'), 'MailSettingsPage');
const SegmentsPage = page(() => import('../modules/segments/SegmentsPage'), 'SegmentsPage');
const SegmentBuilderPage = page(() => import('../modules/segments/SegmentBuilderPage'), 'SegmentBuilderPage');

const MeetingsPage = page(() => import('../modules/meetings/MeetingsPage'), 'MeetingsPage');
const MeetingDetailPage = page(() => import('../modules/meetings/MeetingDetailPage'), 'MeetingDetailPage');
const TargetsPage = page(() => import('../modules/targets/TargetsPage'), 'TargetsPage');
const PlansPage = page(() => import('../modules/plans/PlansPage'), 'PlansPage');
const MarketsPage = page(() => import('../modules/markets/MarketsPage'), 'MarketsPage');

const guarded = (object: ObjectType, element: ReactNode) => <Allowed object={object}>{element}</Allowed>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'leads', element: guarded('lead', <LeadsPage />) },
      { path: 'leads/:id', element: guarded('lead', <LeadDetailPage />) },
      { path: 'web-forms', element: guarded('web_form', <WebFormsPage />) },
      { path: 'web-forms/:id', element: guarded('web_form', <WebFormBuilderPage />) },
      { path: 'settings/lead-sources', element: guarded('lead_source', <LeadSourcesPage />) },
      { path: 'settings/assignment-rules', element: guarded('assignment_rule', <AssignmentRulesPage />) },
      { path: 'settings/scoring', element: guarded('scoring_rule', <ScoringPage />) },
      { path: 'accounts', element: guarded('account', <AccountsPage />) },
      { path: 'accounts/:id', element: guarded('account', <AccountDetailPage />) },
      { path: 'contacts', element: guarded('contact', <ContactsPage />) },
      { path: 'contacts/:id', element: guarded('contact', <ContactDetailPage />) },
      { path: 'pools', element: guarded('pool', <PoolsPage />) },
      { path: 'settings/pools', element: guarded('pool', <PoolSettingsPage />) },
      { path: 'questionnaires', element: guarded('questionnaire', <QuestionnairesPage />) },
      { path: 'questionnaires/:id', element: guarded('questionnaire', <QuestionnaireBuilderPage />) },
      { path: 'duplicates', element: guarded('account', <DuplicatesPage />) },
      { path: 'campaigns', element: guarded('campaign', <CampaignsPage />) },
      { path: 'campaigns/:id', element: guarded('campaign', <CampaignDetailPage />) },
      { path: 'segments', element: guarded('segment', <SegmentsPage />) },
      { path: 'segments/:id', element: guarded('segment', <SegmentBuilderPage />) },
      {
        path: 'settings/mail',
        element: (
          <AdminOnly>
            <MailSettingsPage />
          </AdminOnly>
        ),
      },
      { path: 'opportunities', element: guarded('opportunity', <OpportunitiesPage />) },
      { path: 'opportunities/board', element: guarded('opportunity', <KanbanPage />) },
      { path: 'opportunities/funnel', element: guarded('opportunity', <StageFunnelPage />) },
      { path: 'opportunities/:id', element: guarded('opportunity', <OpportunityDetailPage />) },
      { path: 'activities', element: guarded('activity', <ActivitiesPage />) },
      { path: 'visits', element: guarded('visit', <VisitsPage />) },
      { path: 'visits/:id', element: guarded('visit', <VisitDetailPage />) },
      { path: 'work-reports', element: guarded('work_report', <WorkReportsPage />) },
      { path: 'work-reports/write', element: guarded('work_report', <WorkReportWritePage />) },
      { path: 'work-reports/:id', element: guarded('work_report', <WorkReportDetailPage />) },
      { path: 'settings/report-rules', element: guarded('report_rule', <ReportRulesPage />) },
      { path: 'meetings', element: guarded('meeting', <MeetingsPage />) },
      { path: 'meetings/:id', element: guarded('meeting', <MeetingDetailPage />) },
      { path: 'supervision', element: guarded('supervision', <SupervisionPage />) },
      { path: 'targets', element: guarded('target', <TargetsPage />) },
      // reps may read territories but not plans: the page shows them the territories only
      { path: 'plans', element: guarded('territory', <PlansPage />) },
      { path: 'markets', element: guarded('market', <MarketsPage />) },
      { path: 'contracts', element: guarded('contract', <ContractsPage />) },
      { path: 'contracts/:id', element: guarded('contract', <ContractDetailPage />) },
      { path: 'cash', element: guarded('payment', <CashViewPage />) },
      { path: 'settings/products', element: guarded('product', <ProductsPage />) },
      { path: 'settings/pipelines', element: guarded('pipeline', <PipelinesPage />) },
      { path: 'settings/users', element: guarded('user', <UsersPage />) },
      { path: 'settings/teams', element: guarded('team', <TeamsPage />) },
      { path: 'settings/jobs', element: <JobsPage /> },
      { path: 'approvals', element: <ApprovalsPage /> },
      { path: 'reminders', element: <RemindersPage /> },
      {
        path: 'settings/contracts',
        element: (
          <AdminOnly>
            <ContractSettingsPage />
          </AdminOnly>
        ),
      },
      { path: 'settings/approval-rules', element: guarded('approval_rule', <ApprovalRulesPage />) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
