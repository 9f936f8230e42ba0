import { Type, type Static } from 'typebox';
import {
  Audit,
  CurrencyCode,
  DateOnly,
  Id,
  ListQueryBase,
  MoneyMinor,
  Nullable,
  OptText,
  Owner,
  Page,
  Text,
  Timestamp,
} from './common.js';
import { LOCALES } from './enums.js';
import { SourceKey } from './lead-intake.js';
import { SEGMENT_OBJECTS } from './segments.js';

export const CAMPAIGN_TYPES = ['email', 'event', 'other'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
export const CAMPAIGN_STATUSES = ['planned', 'active', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * What a campaign brought, counted over the whole organisation: its cost lines, the leads and
 * opportunities attributed to it (campaign_id), won revenue and the open pipeline. Sums are exact
 * to the fen. costPerLead is null without leads; roiBp ((won revenue − cost) / cost, in basis
 * points: 10000 = 100 %) is null when nothing was spent.
 */
export const CampaignRoi = Type.Object({
  cost: Type.Integer(),
  leads: Type.Integer(),
  convertedLeads: Type.Integer(),
  opportunities: Type.Integer(),
  wonOpportunities: Type.Integer(),
  wonRevenue: Type.Integer(),
  pipelineAmount: Type.Integer(),
  costPerLead: Nullable(Type.Integer()),
  roiBp: Nullable(Type.Integer()),
});
export type CampaignRoi = Static<typeof CampaignRoi>;

const fields = {
  name: Text(200, 1),
  type: Type.Enum(CAMPAIGN_TYPES),
  status: Type.Enum(CAMPAIGN_STATUSES),
  startDate: Nullable(DateOnly),
  endDate: Nullable(DateOnly),
  budget: MoneyMinor,
  currency: CurrencyCode,
  /** The lead source leads of this campaign get (booth leads, web forms). */
  source: Nullable(SourceKey),
  location: Nullable(Text(200)),
  description: Nullable(Text(5000)),
  /** E-mail audience. */
  segmentId: Nullable(Id),
  templateId: Nullable(Id),
};

export const Campaign = Type.Object({
  id: Id,
  ...fields,
  segmentName: Nullable(Type.String()),
  templateName: Nullable(Type.String()),
  /** When e-mail sending started; the template is frozen from then on. */
  sendStartedAt: Nullable(Timestamp),
  roi: CampaignRoi,
  ...Owner,
  ...Audit,
});
export type Campaign = Static<typeof Campaign>;

export const CampaignCreate = Type.Object(
  {
    name: fields.name,
    type: fields.type,
    status: Type.Optional(fields.status),
    startDate: Type.Optional(fields.startDate),
    endDate: Type.Optional(fields.endDate),
    budget: Type.Optional(fields.budget),
    currency: Type.Optional(fields.currency),
    source: Type.Optional(fields.source),
    location: OptText(200),
    description: OptText(5000),
    segmentId: Type.Optional(fields.segmentId),
    templateId: Type.Optional(fields.templateId),
    ownerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CampaignCreate = Static<typeof CampaignCreate>;

export const CampaignUpdate = Type.Object(
  {
    ...Type.Partial(Type.Omit(CampaignCreate, ['type'])).properties,
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type CampaignUpdate = Static<typeof CampaignUpdate>;

export const CampaignListQuery = Type.Object(
  {
    ...ListQueryBase,
    ownerId: Type.Optional(Id),
    type: Type.Optional(Type.Enum(CAMPAIGN_TYPES)),
    status: Type.Optional(Type.Enum(CAMPAIGN_STATUSES)),
  },
  { additionalProperties: false },
);
export type CampaignListQuery = Static<typeof CampaignListQuery>;
export const CampaignPage = Page(Campaign);
export const CAMPAIGN_SORTS = ['name', 'createdAt', 'updatedAt'] as const;

export const CampaignCost = Type.Object({
  id: Id,
  campaignId: Id,
  date: DateOnly,
  item: Text(200, 1),
  amount: MoneyMinor,
  createdBy: Id,
  createdByName: Type.String(),
  createdAt: Timestamp,
});
export type CampaignCost = Static<typeof CampaignCost>;
export const CampaignCostCreate = Type.Object(
  { date: DateOnly, item: Text(200, 1), amount: MoneyMinor },
  { additionalProperties: false },
);
export type CampaignCostCreate = Static<typeof CampaignCostCreate>;

/** Merge fields a template may use: {{contact.name}} … Values are HTML-escaped in the body. */
export const TEMPLATE_MERGE_FIELDS = [
  'contact.name',
  'contact.title',
  'contact.email',
  'account.name',
  'owner.name',
  'owner.email',
  'campaign.name',
  'unsubscribe_url',
] as const;
export type TemplateMergeField = (typeof TEMPLATE_MERGE_FIELDS)[number];

const templateFields = {
  name: Text(100, 1),
  subjectZh: Text(200, 1),
  bodyZh: Text(50_000, 1),
  subjectEn: Text(200, 1),
  bodyEn: Text(50_000, 1),
};
/** A subject and an HTML body per language; a recipient gets the one of their locale. */
export const EmailTemplate = Type.Object({ id: Id, ...templateFields, ...Owner, ...Audit });
export type EmailTemplate = Static<typeof EmailTemplate>;
export const EmailTemplateCreate = Type.Object(templateFields, { additionalProperties: false });
export type EmailTemplateCreate = Static<typeof EmailTemplateCreate>;
export const EmailTemplateUpdate = Type.Object(
  { ...Type.Partial(EmailTemplateCreate).properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type EmailTemplateUpdate = Static<typeof EmailTemplateUpdate>;
export const EmailTemplateListQuery = Type.Object(
  { ...ListQueryBase, ownerId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type EmailTemplateListQuery = Static<typeof EmailTemplateListQuery>;
export const EmailTemplatePage = Page(EmailTemplate);
export const EMAIL_TEMPLATE_SORTS = ['name', 'updatedAt'] as const;

/** The organisation's outgoing mail server. The password is write-only. */
export const MailSettings = Type.Object({
  host: Text(200, 1),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: Type.Boolean(),
  username: Nullable(Text(200)),
  hasPassword: Type.Boolean(),
  /** Whether the stored password is encrypted (TUOKE_SECRET_KEY set). */
  passwordEncrypted: Type.Boolean(),
  fromEmail: Type.String({ format: 'email', maxLength: 200 }),
  fromName: Nullable(Text(100)),
  /** The app's public address, for unsubscribe and tracking links (https://crm.example.com). */
  publicUrl: Type.String({ pattern: '^https?://[^\\s/?#]+(:\\d+)?(/[^\\s?#]*)?$', maxLength: 200 }),
  updatedAt: Nullable(Timestamp),
});
export type MailSettings = Static<typeof MailSettings>;
export const MailSettingsUpdate = Type.Object(
  {
    host: MailSettings.properties.host,
    port: MailSettings.properties.port,
    secure: MailSettings.properties.secure,
    username: Type.Optional(MailSettings.properties.username),
    /** Absent: keep the stored one; null: remove it. Never returned. */
    password: Type.Optional(Nullable(Text(200))),
    fromEmail: MailSettings.properties.fromEmail,
    fromName: Type.Optional(MailSettings.properties.fromName),
    publicUrl: MailSettings.properties.publicUrl,
  },
  { additionalProperties: false },
);
export type MailSettingsUpdate = Static<typeof MailSettingsUpdate>;

export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const CampaignRecipient = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  locale: Type.Enum(LOCALES),
  contactId: Nullable(Id),
  leadId: Nullable(Id),
  status: Type.Enum(RECIPIENT_STATUSES),
  error: Nullable(Type.String()),
  queuedAt: Timestamp,
  sentAt: Nullable(Timestamp),
  openCount: Type.Integer(),
  firstOpenedAt: Nullable(Timestamp),
  clickCount: Type.Integer(),
  firstClickedAt: Nullable(Timestamp),
  unsubscribedAt: Nullable(Timestamp),
});
export type CampaignRecipient = Static<typeof CampaignRecipient>;
export const CampaignRecipientPage = Page(CampaignRecipient);
export const CampaignRecipientQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(RECIPIENT_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CampaignRecipientQuery = Static<typeof CampaignRecipientQuery>;

export const EmailStats = Type.Object({
  recipients: Type.Integer(),
  queued: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  skipped: Type.Integer(),
  /** Recipients who opened (unique) and all opens. */
  opened: Type.Integer(),
  opens: Type.Integer(),
  clicked: Type.Integer(),
  clicks: Type.Integer(),
  unsubscribed: Type.Integer(),
  links: Type.Array(Type.Object({ id: Id, url: Type.String(), clicks: Type.Integer() })),
});
export type EmailStats = Static<typeof EmailStats>;

/** Who the e-mail would go to now: the segment's people with an e-mail, less unsubscribed ones. */
export const AudienceMember = Type.Object({
  object: Type.Enum(SEGMENT_OBJECTS),
  id: Id,
  name: Type.String(),
  email: Type.String(),
  locale: Type.Enum(LOCALES),
  company: Nullable(Type.String()),
  unsubscribed: Type.Boolean(),
});
export type AudienceMember = Static<typeof AudienceMember>;
export const Audience = Type.Object({
  /** Addresses that would be sent to (deduplicated, unsubscribed left out). */
  deliverable: Type.Integer(),
  unsubscribed: Type.Integer(),
  /** Audience members in the caller's data scope without an e-mail address. */
  withoutEmail: Type.Integer(),
  limited: Type.Boolean(),
  items: Type.Array(AudienceMember),
});
export type Audience = Static<typeof Audience>;

export const EmailPreviewRequest = Type.Object(
  {
    /** A member of the audience; none: sample values. */
    object: Type.Optional(Type.Enum(SEGMENT_OBJECTS)),
    id: Type.Optional(Id),
    locale: Type.Optional(Type.Enum(LOCALES)),
  },
  { additionalProperties: false },
);
export type EmailPreviewRequest = Static<typeof EmailPreviewRequest>;
export const EmailPreview = Type.Object({
  to: Nullable(Type.String()),
  locale: Type.Enum(LOCALES),
  subject: Type.String(),
  html: Type.String(),
});
export type EmailPreview = Static<typeof EmailPreview>;

export const TestSendRequest = Type.Object(
  {
    to: Type.String({ format: 'email', maxLength: 200 }),
    locale: Type.Optional(Type.Enum(LOCALES)),
  },
  { additionalProperties: false },
);
export type TestSendRequest = Static<typeof TestSendRequest>;
export const SendResult = Type.Object({
  queued: Type.Integer(),
  skippedUnsubscribed: Type.Integer(),
  alreadyQueued: Type.Integer(),
  jobId: Nullable(Id),
});
export type SendResult = Static<typeof SendResult>;

export const EventRegistration = Type.Object({
  id: Id,
  campaignId: Id,
  name: Text(100, 1),
  company: Nullable(Text(200)),
  phone: Nullable(Text(40)),
  email: Nullable(Type.String({ maxLength: 200 })),
  contactId: Nullable(Id),
  leadId: Nullable(Id),
  registeredAt: Timestamp,
  attended: Type.Boolean(),
  attendedAt: Nullable(Timestamp),
  notes: Nullable(Text(1000)),
  createdAt: Timestamp,
  version: Type.Integer(),
});
export type EventRegistration = Static<typeof EventRegistration>;
export const EventRegistrationCreate = Type.Object(
  {
    name: Text(100, 1),
    company: OptText(200),
    phone: OptText(40),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    contactId: Type.Optional(Nullable(Id)),
    leadId: Type.Optional(Nullable(Id)),
    registeredAt: Type.Optional(Timestamp),
    notes: OptText(1000),
  },
  { additionalProperties: false },
);
export type EventRegistrationCreate = Static<typeof EventRegistrationCreate>;
export const EventCheckIn = Type.Object({ attended: Type.Boolean() }, { additionalProperties: false });
export type EventCheckIn = Static<typeof EventCheckIn>;
export const EventRegistrationPage = Type.Object({
  items: Type.Array(EventRegistration),
  nextCursor: Nullable(Type.String()),
  registered: Type.Integer(),
  attended: Type.Integer(),
});
export type EventRegistrationPage = Static<typeof EventRegistrationPage>;
export const EventRegistrationQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    attended: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type EventRegistrationQuery = Static<typeof EventRegistrationQuery>;

/** A lead met at the booth: created with the campaign and its lead source. */
export const BoothLeadCreate = Type.Object(
  {
    name: Text(100, 1),
    company: OptText(200),
    title: OptText(100),
    phone: OptText(40),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
    notes: OptText(5000),
    /** Links the registration the lead came from. */
    registrationId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type BoothLeadCreate = Static<typeof BoothLeadCreate>;
export const BoothLead = Type.Object({
  leadId: Id,
  name: Type.String(),
  campaignId: Id,
  source: Nullable(Type.String()),
});
export type BoothLead = Static<typeof BoothLead>;

/** Engagement with campaigns, read by other modules (lead scoring). */
export const CAMPAIGN_ENGAGEMENT_TYPES = [
  'email_open',
  'email_click',
  'unsubscribe',
  'event_registered',
  'event_attended',
] as const;
export type CampaignEngagementType = (typeof CAMPAIGN_ENGAGEMENT_TYPES)[number];
