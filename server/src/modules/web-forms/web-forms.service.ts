import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  HONEYPOT_FIELD,
  INDUSTRIES,
  RENDERED_FIELD,
  UTM_PARAMS,
  WEB_FORM_FIELDS,
  defaultThankYou,
  renderWebFormMessage,
  renderWebFormPage,
  webFormNotFoundText,
  type LeadCreate,
  type Locale,
  type PublicFormResult,
  type PublicFormSubmission,
  type WebForm,
  type WebFormCreate,
  type WebFormField,
  type WebFormSubmission,
  type WebFormUpdate,
} from '@tuoke/shared';
import type { Database } from '../../db/schema.js';
import {
  AppError,
  badRequest,
  forbidden,
  invalidField,
  notFound,
  tooManyRequests,
} from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { updateVersioned } from '../../lib/records.js';
import { authorize, nameOf, type Actor, type DirectoryCache } from '../access/index.js';
import { WebFormsRepository, type WebFormRow } from './web-forms.repository.js';

/** What a web form needs from the other lead-intake modules (wired in app.ts). */
export interface WebFormDeps {
  /** Creates the lead as `actor` (no owner: it waits in the pool until routed). */
  createLead(actor: Actor, input: LeadCreate): Promise<{ id: string }>;
  /** Throws when the key is not an active source of the organisation. */
  checkSource(orgId: string, key: string): Promise<void>;
  assign(orgId: string, leadId: string): Promise<void>;
  rescore(orgId: string, leadId: string): Promise<void>;
  /** May the actor read this lead (throws 404 otherwise)? */
  leadVisible(actor: Actor, leadId: string): Promise<unknown>;
}

/** Spam and flood limits. A submission counts whether accepted or caught as spam; a refused one does not. */
export interface WebFormLimits {
  perIp: number;
  perIpWindowMs: number;
  perForm: number;
  perFormWindowMs: number;
  /** A person needs at least this long between the page rendering and the submit. */
  minFillMs: number;
  /** A rendered page is good for this long. */
  maxAgeMs: number;
}
export const DEFAULT_WEB_FORM_LIMITS: WebFormLimits = {
  perIp: 5,
  perIpWindowMs: 10 * 60_000,
  perForm: 300,
  perFormWindowMs: 60 * 60_000,
  minFillMs: 3_000,
  maxAgeMs: 24 * 3_600_000,
};
const SPAM_KEPT_MS = 30 * 86_400_000;

export interface SubmitMeta {
  ip: string;
  /** The Origin header, if any, and this server's own origin. */
  origin: string | null;
  selfOrigin: string;
}

/**
 * Web-to-lead forms (网页表单): the builder's forms, the public page at /f/:key and the public
 * POST. Spam protection: a honeypot field (a bot that fills it gets a normal "thank you" and
 * nothing but the attempt is kept), a signed render timestamp (too fast, forged or older than a
 * day is refused), size limits, and a rate limit per IP and per form counted from the stored
 * attempts — so it holds across instances; a refused submission stores nothing.
 */
export class WebFormsService {
  clock: () => Date = () => new Date();
  limits: WebFormLimits = { ...DEFAULT_WEB_FORM_LIMITS };
  private readonly repo: WebFormsRepository;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: DirectoryCache,
    private readonly deps: WebFormDeps,
  ) {
    this.repo = new WebFormsRepository(db);
  }

  // --- the builder ---------------------------------------------------------------------------

  async list(actor: Actor): Promise<{ items: WebForm[] }> {
    authorize(actor, 'web_form', 'read');
    const [rows, dir] = await Promise.all([this.repo.list(actor.orgId), this.directory.get(actor.orgId)]);
    return { items: rows.map((r) => toWebForm(r, nameOf(dir, r.createdBy) ?? '')) };
  }

  async get(actor: Actor, id: string): Promise<WebForm> {
    authorize(actor, 'web_form', 'read');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Web form');
    return toWebForm(row, nameOf(await this.directory.get(actor.orgId), row.createdBy) ?? '');
  }

  async create(actor: Actor, input: WebFormCreate): Promise<WebForm> {
    authorize(actor, 'web_form', 'create');
    if (input.source) await this.deps.checkSource(actor.orgId, input.source);
    const at = new Date().toISOString();
    const row: WebFormRow = {
      id: newId(),
      orgId: actor.orgId,
      name: required(input.name, 'name'),
      publicKey: randomBytes(12).toString('base64url'),
      secret: randomBytes(32).toString('base64url'),
      title: required(input.title, 'title'),
      description: input.description?.trim() || null,
      fields: JSON.stringify(checkFields(input.fields)),
      source: input.source ?? null,
      campaignId: input.campaignId ?? null,
      assignment: input.assignment ?? 'rules',
      thankYouMessage: input.thankYouMessage?.trim() || null,
      redirectUrl: input.redirectUrl ?? null,
      allowedOrigins: JSON.stringify(input.allowedOrigins ?? []),
      language: input.language ?? 'zh-CN',
      active: input.active === false ? 0 : 1,
      submissionCount: 0,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insert(row);
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, input: WebFormUpdate): Promise<WebForm> {
    authorize(actor, 'web_form', 'update');
    const row = await this.repo.get(actor.orgId, id);
    if (!row) throw notFound('Web form');
    const patch: Record<string, unknown> = {};
    if (input.name !== undefined) patch.name = required(input.name, 'name');
    if (input.title !== undefined) patch.title = required(input.title, 'title');
    if (input.description !== undefined) patch.description = input.description?.trim() || null;
    if (input.fields !== undefined) patch.fields = JSON.stringify(checkFields(input.fields));
    if (input.source !== undefined) {
      if (input.source && input.source !== row.source) await this.deps.checkSource(actor.orgId, input.source);
      patch.source = input.source;
    }
    if (input.campaignId !== undefined) patch.campaignId = input.campaignId;
    if (input.assignment !== undefined) patch.assignment = input.assignment;
    if (input.thankYouMessage !== undefined) patch.thankYouMessage = input.thankYouMessage?.trim() || null;
    if (input.redirectUrl !== undefined) patch.redirectUrl = input.redirectUrl;
    if (input.allowedOrigins !== undefined) patch.allowedOrigins = JSON.stringify(input.allowedOrigins);
    if (input.language !== undefined) patch.language = input.language;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    await updateVersioned(
      this.db,
      'webForms',
      { orgId: actor.orgId, id, version: input.version },
      patch,
      new Date().toISOString(),
      'Web form',
    );
    return this.get(actor, id);
  }

  /** The form and its attempts go; the leads it made stay. */
  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'web_form', 'delete');
    if (!(await this.repo.get(actor.orgId, id))) throw notFound('Web form');
    await this.db.transaction().execute((trx) => new WebFormsRepository(trx).delete(actor.orgId, id));
  }

  async submissions(actor: Actor, id: string): Promise<{ items: WebFormSubmission[] }> {
    authorize(actor, 'web_form', 'read');
    if (!(await this.repo.get(actor.orgId, id))) throw notFound('Web form');
    const rows = await this.repo.submissions(actor.orgId, id);
    return {
      items: rows.map((r) => ({
        id: r.id,
        outcome: r.outcome as WebFormSubmission['outcome'],
        leadId: r.leadId,
        leadName: r.leadName ?? null,
        referrer: r.referrer,
        createdAt: r.createdAt,
      })),
    };
  }

  async leadSubmissions(actor: Actor, leadId: string) {
    await this.deps.leadVisible(actor, leadId);
    return { items: await this.repo.leadSubmissions(actor.orgId, leadId) };
  }

  async purgeSpam(): Promise<number> {
    return this.repo.purgeSpam(new Date(this.clock().getTime() - SPAM_KEPT_MS).toISOString());
  }

  // --- the public side -----------------------------------------------------------------------

  /** GET /f/:key: the form page, or a 404 page. UTM parameters and the referrer ride along. */
  async page(
    key: string,
    query: Record<string, string | undefined>,
    referer: string | null,
  ): Promise<{ status: number; html: string }> {
    const form = await this.activeForm(key);
    const text = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
    const language = text('lang') === 'en' || text('lang') === 'zh-CN' ? (text('lang') as Locale) : undefined;
    if (!form) {
      const lang = language ?? 'zh-CN';
      return {
        status: 404,
        html: renderWebFormMessage(
          webFormNotFoundText(lang),
          webFormNotFoundText(lang === 'en' ? 'zh-CN' : 'en'),
          lang,
          false,
        ),
      };
    }
    const hidden: Record<string, string> = {};
    for (const p of UTM_PARAMS) {
      const v = text(p);
      if (v) hidden[p] = v.slice(0, 200);
    }
    const ref = (text('ref') ?? referer ?? '').slice(0, 1000);
    if (ref) hidden.referrer = ref;
    return {
      status: 200,
      html: renderWebFormPage({
        title: form.title,
        description: form.description,
        fields: JSON.parse(form.fields) as WebFormField[],
        language: language ?? (form.language as Locale),
        action: `/api/public/forms/${encodeURIComponent(form.publicKey)}`,
        token: this.sign(form, this.clock().getTime()),
        hidden,
      }),
    };
  }

  /**
   * The origin the CORS headers allow for this form: the caller's origin when the form lists it,
   * '*' when the form lists none, null when the caller's origin is not allowed.
   */
  async corsOrigin(key: string, origin: string | null): Promise<string | null> {
    const form = await this.activeForm(key);
    if (!form) return null;
    return allowedOrigin(form, origin);
  }

  async submit(key: string, body: PublicFormSubmission, meta: SubmitMeta): Promise<PublicFormResult> {
    const form = await this.activeForm(key);
    if (!form) throw notFound('Form');
    if (meta.origin && meta.origin !== meta.selfOrigin && allowedOrigin(form, meta.origin) === null)
      throw forbidden('This form does not accept submissions from this site');
    const language = (body.lang === 'en' ? 'en' : body.lang === 'zh-CN' ? 'zh-CN' : form.language) as Locale;
    const now = this.clock().getTime();
    const values = normalise(body);

    // Spam checks first: a bot learns nothing from which one caught it.
    const renderedAt = this.verify(form, values[RENDERED_FIELD]);
    if (renderedAt === null)
      throw invalidField(RENDERED_FIELD, 'The form is not valid any more; reload the page and submit again');
    if (now - renderedAt > this.limits.maxAgeMs)
      throw invalidField(RENDERED_FIELD, 'The form has expired; reload the page and submit again');
    const outcome = values[HONEYPOT_FIELD]
      ? 'honeypot'
      : now - renderedAt < this.limits.minFillMs
        ? 'too_fast'
        : 'accepted';
    const input = outcome === 'accepted' ? leadInput(form, values) : null;

    const at = new Date(now).toISOString();
    const ipHash = createHash('sha256').update(`${form.secret}:${meta.ip}`).digest('hex').slice(0, 32);
    const submissionId = newId();
    await this.db.transaction().execute(async (trx) => {
      const repo = new WebFormsRepository(trx);
      await repo.lock(form.id);
      const [byIp, byForm] = await Promise.all([
        repo.countSubmissions(form.id, new Date(now - this.limits.perIpWindowMs).toISOString(), ipHash),
        repo.countSubmissions(form.id, new Date(now - this.limits.perFormWindowMs).toISOString()),
      ]);
      if (byIp >= this.limits.perIp || byForm >= this.limits.perForm)
        throw tooManyRequests('Too many submissions; wait a few minutes and try again');
      await repo.insertSubmission({
        id: submissionId,
        orgId: form.orgId,
        formId: form.id,
        leadId: null,
        outcome,
        ipHash,
        referrer: values.referrer ?? null,
        createdAt: at,
      });
    });
    const thanks: PublicFormResult = {
      ok: true,
      message: form.thankYouMessage ?? defaultThankYou(language),
      redirectUrl: form.redirectUrl,
    };
    if (outcome === 'honeypot') return thanks;
    if (outcome === 'too_fast')
      throw badRequest('The form was sent too quickly; wait a few seconds and submit again');

    let leadId: string;
    try {
      const source = form.source && (await this.isActiveSource(form.orgId, form.source)) ? form.source : null;
      leadId = (await this.deps.createLead(this.formActor(form), { ...input!, source })).id;
      await this.repo.acceptSubmission(form.id, submissionId, leadId);
    } catch (err) {
      await this.repo.deleteSubmission(submissionId);
      throw err;
    }
    if (form.assignment === 'rules') await this.deps.assign(form.orgId, leadId);
    await this.deps.rescore(form.orgId, leadId);
    return thanks;
  }

  /** For a plain HTML post (no JavaScript): the page to show after it. */
  resultPage(result: PublicFormResult | AppError, language: Locale): string {
    if (result instanceof AppError)
      return renderWebFormMessage(language === 'en' ? 'Not sent' : '未提交', result.message, language, false);
    return renderWebFormMessage(language === 'en' ? 'Thank you' : '提交成功', result.message, language, true);
  }

  private async activeForm(key: string): Promise<WebFormRow | null> {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(key)) return null;
    const form = await this.repo.byKey(key);
    return form && form.active === 1 ? form : null;
  }

  private async isActiveSource(orgId: string, key: string): Promise<boolean> {
    try {
      await this.deps.checkSource(orgId, key);
      return true;
    } catch {
      return false;
    }
  }

  /** The lead is created on behalf of the form's creator, with the rights of the organisation. */
  private formActor(form: WebFormRow): Actor {
    return {
      userId: form.createdBy,
      orgId: form.orgId,
      role: 'admin',
      name: form.name,
      teamId: null,
      managerId: null,
      via: 'token',
    };
  }

  /** `<ms>.<hmac>`: when the page was rendered, signed with the form's secret. */
  sign(form: Pick<WebFormRow, 'secret' | 'publicKey'>, ms: number): string {
    return `${ms}.${hmac(form, ms)}`;
  }

  private verify(form: WebFormRow, token: string | undefined): number | null {
    const m = /^(\d{10,16})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
    if (!m) return null;
    const ms = Number(m[1]);
    const expected = Buffer.from(hmac(form, ms));
    const given = Buffer.from(m[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given) ? ms : null;
  }
}

const hmac = (form: Pick<WebFormRow, 'secret' | 'publicKey'>, ms: number) =>
  createHmac('sha256', form.secret).update(`${form.publicKey}.${ms}`).digest('base64url');

function allowedOrigin(form: WebFormRow, origin: string | null): string | null {
  const list = JSON.parse(form.allowedOrigins ?? '[]') as string[];
  if (list.length === 0) return '*';
  return origin && list.includes(origin) ? origin : null;
}

function required(value: string, field: string): string {
  const v = value.trim();
  if (!v) throw invalidField(field, 'must not be empty');
  return v;
}

/** Name is always asked and required; each field once. */
function checkFields(fields: WebFormField[]): WebFormField[] {
  const seen = new Set<string>();
  for (const [i, f] of fields.entries()) {
    if (seen.has(f.key)) throw invalidField(`fields/${i}/key`, 'each field once');
    seen.add(f.key);
  }
  const out = fields.map((f) => ({
    key: f.key,
    required: f.key === 'name' ? true : f.required,
    ...(f.label?.trim() ? { label: f.label.trim() } : {}),
  }));
  if (!seen.has('name')) out.unshift({ key: 'name', required: true });
  return out.sort((a, b) => WEB_FORM_FIELDS.indexOf(a.key) - WEB_FORM_FIELDS.indexOf(b.key));
}

/** Trimmed values; empty ones dropped (a browser sends "" for an empty input). */
function normalise(body: PublicFormSubmission): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(body)) {
    const t = typeof v === 'string' ? v.trim() : undefined;
    if (t) out[k] = t;
  }
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The lead a submission makes; 400 with every missing or invalid field at once. */
function leadInput(form: WebFormRow, v: Record<string, string | undefined>): LeadCreate {
  const fields = JSON.parse(form.fields) as WebFormField[];
  const asked = new Set(fields.map((f) => f.key));
  const errors: { path: string; message: string }[] = [];
  for (const f of fields) if (f.required && !v[f.key]) errors.push({ path: f.key, message: 'is required' });
  for (const key of WEB_FORM_FIELDS)
    if (v[key] && !asked.has(key)) errors.push({ path: key, message: 'is not a field of this form' });
  if (v.email && !EMAIL.test(v.email)) errors.push({ path: 'email', message: 'is not an e-mail address' });
  if (v.industry && !(INDUSTRIES as readonly string[]).includes(v.industry))
    errors.push({ path: 'industry', message: 'is not a known industry' });
  if (errors.length) throw badRequest('Some fields are missing or not valid', errors);
  return {
    name: v.name!,
    company: v.company ?? null,
    title: v.title ?? null,
    phone: v.phone ?? null,
    email: v.email ?? null,
    wechat: v.wechat ?? null,
    region: v.region ?? null,
    industry: (v.industry as LeadCreate['industry']) ?? null,
    notes: v.notes ?? null,
    ownerId: null,
    campaignId: form.campaignId,
    utmSource: v.utm_source ?? null,
    utmMedium: v.utm_medium ?? null,
    utmCampaign: v.utm_campaign ?? null,
    utmTerm: v.utm_term ?? null,
    utmContent: v.utm_content ?? null,
  };
}

function toWebForm(r: WebFormRow, createdByName: string): WebForm {
  return {
    id: r.id,
    name: r.name,
    publicKey: r.publicKey,
    title: r.title,
    description: r.description,
    fields: JSON.parse(r.fields) as WebFormField[],
    source: r.source,
    campaignId: r.campaignId,
    assignment: r.assignment as WebForm['assignment'],
    thankYouMessage: r.thankYouMessage,
    redirectUrl: r.redirectUrl,
    allowedOrigins: JSON.parse(r.allowedOrigins ?? '[]') as string[],
    language: r.language as Locale,
    active: r.active === 1,
    submissionCount: r.submissionCount,
    createdBy: r.createdBy,
    createdByName,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}
