import {
  BUDGET_CATEGORIES,
  CHANNELS,
  type BudgetLine,
  type BudgetLineCreate,
  type BudgetLineUpdate,
  type BudgetQuery,
  type BudgetReport,
  type BudgetSpend,
  type BudgetSpendCreate,
} from '@tuoke/shared';
import { conflict, invalidField, notFound, stale } from '../../http/errors.js';
import { checkDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { authorize, nameOf, type Actor, type DirectoryCache } from '../access/index.js';
import { monthsOf, type ResultFilter, type ResultsService } from '../results/index.js';
import { isPeriodStart, monthsIn, parsePeriod, periodEnd } from './periods.js';
import type { LineRow, PlanRow, SpendRow } from './plans.repository.js';
import type { PlansService } from './plans.service.js';
import { parseSpendCsv, yuanToFen } from './spend-csv.js';
import type { TerritoriesService } from './territories.service.js';

/**
 * A plan's budget: lines per period (month or quarter), territory, channel and category; the
 * money spent against each (entered or imported from a CSV file); and each line's return: the
 * revenue in its period, territory and channel per yuan spent.
 */
export class BudgetService {
  constructor(
    private readonly plans: PlansService,
    private readonly directory: DirectoryCache,
    private readonly results: Pick<ResultsService, 'measure'>,
    private readonly territories: TerritoriesService,
  ) {}

  private get repo() {
    return this.plans.repo;
  }

  async report(actor: Actor, planId: string, query: BudgetQuery = {}): Promise<BudgetReport> {
    const plan = await this.plans.planOf(actor, planId, 'read');
    const [lines, spend, names] = await Promise.all([
      this.repo.linesOf(actor.orgId, planId, query),
      this.repo.spendOf(actor.orgId, planId),
      this.territories.names(actor.orgId),
    ]);
    const spentOf = new Map<string, number>();
    for (const s of spend) spentOf.set(s.lineId, (spentOf.get(s.lineId) ?? 0) + s.amount);
    const revenueOf = await this.lineRevenue(actor.orgId, lines);
    const items = lines.map((l) => toLine(l, names, spentOf.get(l.id) ?? 0, revenueOf(l)));

    // month by month: quarters' planned money spread evenly (the remainder fen in the last month)
    const months = monthsOf({ from: plan.startDate, to: plan.endDate });
    const planned = new Map<string, number>();
    for (const l of lines) {
      const ms = monthsIn(l.periodType, l.periodStart);
      const total = Number(l.planned);
      const each = Math.floor(total / ms.length);
      ms.forEach((m, i) =>
        planned.set(m, (planned.get(m) ?? 0) + (i === ms.length - 1 ? total - each * (ms.length - 1) : each)),
      );
    }
    const shown = new Set(lines.map((l) => l.id));
    const spentByMonth = new Map<string, number>();
    for (const s of spend)
      if (shown.has(s.lineId)) spentByMonth.set(s.month, (spentByMonth.get(s.month) ?? 0) + s.amount);
    const filter: ResultFilter = {};
    if (query.territoryId) filter.territoryIds = [query.territoryId];
    if (query.channel) filter.channels = [query.channel];
    const revenueRows = await this.results.measure(
      actor.orgId,
      'revenue',
      { from: plan.startDate, to: plan.endDate },
      { groupBy: 'month', filter },
    );
    const revenueByMonth = new Map(revenueRows.map((r) => [r.key, r.value]));
    const monthRows = months.map((month) => ({
      month,
      planned: planned.get(month) ?? 0,
      spent: spentByMonth.get(month) ?? 0,
      revenue: revenueByMonth.get(month) ?? 0,
    }));
    return {
      planId,
      items,
      totals: {
        planned: items.reduce((s, i) => s + i.planned, 0),
        spent: items.reduce((s, i) => s + i.spent, 0),
        revenue: monthRows.reduce((s, m) => s + m.revenue, 0),
      },
      months: monthRows,
    };
  }

  async getLine(actor: Actor, lineId: string): Promise<BudgetLine> {
    authorize(actor, 'sales_plan', 'read');
    const line = await this.lineOf(actor, lineId);
    return this.lineWithResults(actor, line);
  }

  async createLine(actor: Actor, planId: string, input: BudgetLineCreate): Promise<BudgetLine> {
    const plan = await this.plans.planOf(actor, planId, 'update');
    await this.checkLine(actor.orgId, plan, input.periodType, input.periodStart, input.territoryId ?? null);
    const at = new Date().toISOString();
    const row: LineRow = {
      id: newId(),
      orgId: actor.orgId,
      planId,
      periodType: input.periodType,
      periodStart: input.periodStart,
      territoryId: input.territoryId ?? null,
      channel: input.channel ?? null,
      category: input.category,
      planned: input.planned,
      description: input.description ?? null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await this.repo.insertLine(row);
    return this.lineWithResults(actor, row);
  }

  async updateLine(actor: Actor, lineId: string, input: BudgetLineUpdate): Promise<BudgetLine> {
    authorize(actor, 'sales_plan', 'update');
    const line = await this.lineOf(actor, lineId);
    const plan = await this.plans.planOf(actor, line.planId, 'update');
    const patch: Record<string, unknown> = {};
    for (const k of [
      'periodType',
      'periodStart',
      'territoryId',
      'channel',
      'category',
      'planned',
      'description',
    ] as const)
      if (input[k] !== undefined) patch[k] = input[k];
    const after = { ...line, ...patch } as LineRow;
    await this.checkLine(actor.orgId, plan, after.periodType, after.periodStart, after.territoryId);
    patch.updatedAt = new Date().toISOString();
    if (!(await this.repo.updateLine(actor.orgId, lineId, input.version, patch))) throw stale('Budget line');
    return this.getLine(actor, lineId);
  }

  async removeLine(actor: Actor, lineId: string): Promise<void> {
    authorize(actor, 'sales_plan', 'update');
    await this.lineOf(actor, lineId);
    const n = await this.repo.countSpend(actor.orgId, lineId);
    if (n > 0) throw conflict(`${n} spend entries are booked on this line; delete them first`);
    await this.repo.deleteLine(actor.orgId, lineId);
  }

  async listSpend(actor: Actor, lineId: string): Promise<{ items: BudgetSpend[] }> {
    authorize(actor, 'sales_plan', 'read');
    await this.lineOf(actor, lineId);
    const [rows, dir] = await Promise.all([
      this.repo.spendList(actor.orgId, lineId),
      this.directory.get(actor.orgId),
    ]);
    return { items: rows.map((r) => toSpend(r, nameOf(dir, r.createdBy))) };
  }

  async addSpend(actor: Actor, lineId: string, input: BudgetSpendCreate): Promise<BudgetSpend> {
    authorize(actor, 'sales_plan', 'update');
    await this.lineOf(actor, lineId);
    checkDate(input.spentOn, 'spentOn');
    const row: SpendRow = {
      id: newId(),
      orgId: actor.orgId,
      lineId,
      spentOn: input.spentOn,
      amount: input.amount,
      note: input.note?.trim() || null,
      source: 'manual',
      createdBy: actor.userId,
      createdAt: new Date().toISOString(),
    };
    await this.repo.insertSpend([row]);
    const dir = await this.directory.get(actor.orgId);
    return toSpend(row, nameOf(dir, actor.userId));
  }

  async removeSpend(actor: Actor, spendId: string): Promise<void> {
    authorize(actor, 'sales_plan', 'update');
    const row = await this.repo.getSpend(actor.orgId, spendId);
    if (!row) throw notFound('Spend');
    await this.repo.deleteSpend(actor.orgId, spendId);
  }

  /**
   * Imports a spend file into the plan's lines (see parseSpendCsv for the columns). Every row is
   * checked first; the first bad one answers 400 with its row number and field, and nothing is
   * imported. A row names its line by id, or by category + period + territory + channel, which
   * must match exactly one line of this plan.
   */
  async importSpend(
    actor: Actor,
    planId: string,
    csv: string,
  ): Promise<{ imported: number; amount: number }> {
    await this.plans.planOf(actor, planId, 'update');
    const rows = parseSpendCsv(csv);
    const [lines, names] = await Promise.all([
      this.repo.linesOf(actor.orgId, planId),
      this.territories.names(actor.orgId),
    ]);
    const byId = new Map(lines.map((l) => [l.id, l]));
    const territoryByName = new Map([...names].map(([id, name]) => [name, id]));
    const at = new Date().toISOString();
    const out: SpendRow[] = rows.map((r) => {
      const bad = (field: string, message: string) =>
        invalidField(`rows/${r.row}/${field}`, `row ${r.row}: ${field}: ${message}`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date)) throw bad('date', 'must be a date YYYY-MM-DD');
      try {
        checkDate(r.date, 'date');
      } catch {
        throw bad('date', `${r.date} is not a real date`);
      }
      const amount = yuanToFen(r.amount);
      if (amount === null) throw bad('amount', 'must be a positive amount in yuan with at most two decimals');
      let line: LineRow | undefined;
      if (r.line) {
        line = byId.get(r.line);
        if (!line) throw bad('line', 'no such budget line in this plan');
      } else {
        if (!(BUDGET_CATEGORIES as readonly string[]).includes(r.category))
          throw bad('category', `must be one of ${BUDGET_CATEGORIES.join(', ')}`);
        const period = parsePeriod(r.period);
        if (!period) throw bad('period', 'must be a month YYYY-MM or a quarter YYYY-Qn');
        let territoryId: string | null = null;
        if (r.territory) {
          territoryId = territoryByName.get(r.territory) ?? null;
          if (!territoryId) throw bad('territory', `no territory named ${r.territory}`);
        }
        if (r.channel && !(CHANNELS as readonly string[]).includes(r.channel))
          throw bad('channel', `must be one of ${CHANNELS.join(', ')}`);
        const matches = lines.filter(
          (l) =>
            l.category === r.category &&
            l.periodType === period.periodType &&
            l.periodStart === period.periodStart &&
            l.territoryId === territoryId &&
            (l.channel ?? '') === r.channel,
        );
        if (matches.length === 0)
          throw bad('line', 'no budget line of this plan has this category, period, territory and channel');
        if (matches.length > 1) throw bad('line', `${matches.length} budget lines match; give the line id`);
        line = matches[0];
      }
      return {
        id: newId(),
        orgId: actor.orgId,
        lineId: line!.id,
        spentOn: r.date,
        amount,
        note: r.note || null,
        source: 'import',
        createdBy: actor.userId,
        createdAt: at,
      };
    });
    await this.repo.insertSpend(out);
    return { imported: out.length, amount: out.reduce((s, r) => s + r.amount, 0) };
  }

  private async lineOf(actor: Actor, lineId: string): Promise<LineRow> {
    const line = await this.repo.getLine(actor.orgId, lineId);
    if (!line) throw notFound('Budget line');
    return line;
  }

  private async lineWithResults(actor: Actor, line: LineRow): Promise<BudgetLine> {
    const [spend, names] = await Promise.all([
      this.repo.spendList(actor.orgId, line.id),
      this.territories.names(actor.orgId),
    ]);
    const revenueOf = await this.lineRevenue(actor.orgId, [line]);
    return toLine(
      line,
      names,
      spend.reduce((s, r) => s + Number(r.amount), 0),
      revenueOf(line),
    );
  }

  /**
   * Revenue in each line's period and territory, by channel: one measurement per distinct
   * (period, territory), grouped by channel; a line without a channel takes them all.
   */
  private async lineRevenue(orgId: string, lines: LineRow[]): Promise<(l: LineRow) => number> {
    const keyOf = (l: LineRow) => `${l.periodType}|${l.periodStart}|${l.territoryId ?? ''}`;
    const cache = new Map<string, Map<string, number>>();
    const distinct = new Map(lines.map((l) => [keyOf(l), l]));
    await Promise.all(
      [...distinct].map(async ([key, l]) => {
        const rows = await this.results.measure(
          orgId,
          'revenue',
          { from: l.periodStart, to: periodEnd(l.periodType, l.periodStart) },
          { groupBy: 'channel', filter: l.territoryId ? { territoryIds: [l.territoryId] } : {} },
        );
        cache.set(key, new Map(rows.map((r) => [r.key ?? 'direct', r.value])));
      }),
    );
    return (l) => {
      const byChannel = cache.get(keyOf(l)) ?? new Map<string, number>();
      if (l.channel) return byChannel.get(l.channel) ?? 0;
      let sum = 0;
      for (const v of byChannel.values()) sum += v;
      return sum;
    };
  }

  private async checkLine(
    orgId: string,
    plan: PlanRow,
    periodType: string,
    periodStart: string,
    territoryId: string | null,
  ) {
    if (!isPeriodStart(periodType, periodStart))
      throw invalidField(
        'periodStart',
        periodType === 'quarter' ? 'must be the first day of a quarter' : 'must be the first day of a month',
      );
    if (periodEnd(periodType, periodStart) < plan.startDate || periodStart > plan.endDate)
      throw invalidField('periodStart', `outside the plan's period ${plan.startDate} – ${plan.endDate}`);
    if (territoryId && !(await this.territories.names(orgId)).has(territoryId))
      throw invalidField('territoryId', 'no such territory');
  }
}

function toLine(l: LineRow, names: Map<string, string>, spent: number, revenue: number): BudgetLine {
  return {
    id: l.id,
    planId: l.planId,
    periodType: l.periodType as BudgetLine['periodType'],
    periodStart: l.periodStart,
    periodEnd: periodEnd(l.periodType, l.periodStart),
    territoryId: l.territoryId,
    territoryName: l.territoryId ? (names.get(l.territoryId) ?? null) : null,
    channel: l.channel as BudgetLine['channel'],
    category: l.category as BudgetLine['category'],
    planned: Number(l.planned),
    description: l.description,
    spent,
    revenue,
    returnRatio: spent > 0 ? Math.round((revenue / spent) * 100) / 100 : null,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
    version: l.version,
  };
}

function toSpend(r: SpendRow, createdByName: string | null): BudgetSpend {
  return {
    id: r.id,
    lineId: r.lineId,
    spentOn: r.spentOn,
    amount: Number(r.amount),
    note: r.note,
    source: r.source as BudgetSpend['source'],
    createdBy: r.createdBy,
    createdByName,
    createdAt: r.createdAt,
  };
}
