import { useMemo, useState, type ReactNode } from 'react';
import { Button, Card, Flex, Input, Select, Table, Typography } from 'antd';
import type { ColumnsType, TableProps } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { VIEWS, type View } from '@tuoke/shared';
import type { QueryParams } from '../api';
import { useInfiniteList, type ResourceName } from '../resource';
import { EmptyState } from './EmptyState';
import { PageHeader } from './PageHeader';
import { ViewTabs } from './ViewTabs';

export interface FilterDef {
  name: string;
  placeholder: string;
  options: { value: string; label: ReactNode }[];
  width?: number;
}

export interface ListPageProps<T> {
  resource: ResourceName;
  title: ReactNode;
  subtitle?: ReactNode;
  columns: ColumnsType<T>;
  filters?: FilterDef[];
  showViews?: boolean;
  searchPlaceholder: string;
  defaultSort?: string;
  newLabel?: string;
  onNew?: () => void;
  emptyTitle: ReactNode;
  emptyHint: ReactNode;
  rowHref?: (record: T) => string;
  extraParams?: QueryParams;
  headerExtra?: ReactNode;
  /** Row checkboxes, and what can be done with the checked rows (shown in the filter bar). */
  bulkActions?: (selectedIds: string[], clear: () => void) => ReactNode;
  testId: string;
}

/** Reads list state (search, view, sort, filters) from the URL, so views can be shared and survive Back. */
export function useListParams(filterNames: string[], defaultSort?: string, showViews = true) {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = (searchParams.get('view') as View | null) ?? 'all';
  const params: QueryParams = {
    q: searchParams.get('q') ?? undefined,
    sort: searchParams.get('sort') ?? defaultSort,
    view: showViews && VIEWS.includes(view) ? view : undefined,
  };
  for (const name of filterNames) params[name] = searchParams.get(name) ?? undefined;

  const set = (changes: Record<string, string | undefined | null>) => {
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };
  return { params, view, set, searchParams };
}

export function ListPage<T extends { id: string }>(props: ListPageProps<T>) {
  const {
    resource,
    columns,
    filters = [],
    showViews = true,
    defaultSort,
    rowHref,
    extraParams,
    testId,
  } = props;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const filterNames = filters.map((f) => f.name);
  const { params, view, set, searchParams } = useListParams(filterNames, defaultSort, showViews);
  const query = useInfiniteList<T>(resource, { ...params, ...extraParams });
  const sort = typeof params.sort === 'string' ? params.sort : undefined;
  const [selected, setSelected] = useState<string[]>([]);

  const sortedColumns = useMemo(
    () =>
      columns.map((col) => {
        if (!col.sorter || !col.key) return col;
        const field = String(col.key);
        const order = sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null;
        return { ...col, sortOrder: order, sortDirections: ['ascend', 'descend', 'ascend'] as const };
      }) as ColumnsType<T>,
    [columns, sort],
  );

  const onChange: TableProps<T>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s || !s.order || !s.columnKey) set({ sort: undefined });
    else set({ sort: s.order === 'descend' ? `-${String(s.columnKey)}` : String(s.columnKey) });
  };

  const hasFilters = Boolean(params.q) || filterNames.some((n) => params[n]);

  return (
    <div data-testid={`${testId}-page`}>
      <PageHeader
        title={props.title}
        subtitle={props.subtitle}
        extra={
          <>
            {props.headerExtra}
            {props.onNew && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={props.onNew}
                data-testid={`${testId}-new`}
              >
                {props.newLabel}
              </Button>
            )}
          </>
        }
      />
      <Card className="list-card" styles={{ body: { padding: 0 } }}>
        <Flex className="filter-bar" gap={8} wrap align="center" justify="space-between">
          <Flex gap={8} wrap align="center" style={{ flex: 1 }}>
            <Input.Search
              key={`q-${searchParams.get('q') ?? ''}`}
              allowClear
              defaultValue={searchParams.get('q') ?? ''}
              placeholder={props.searchPlaceholder}
              onSearch={(q) => set({ q })}
              style={{ width: 240 }}
              data-testid={`${testId}-search`}
            />
            {filters.map((f) => (
              <Select
                key={f.name}
                allowClear
                placeholder={f.placeholder}
                value={searchParams.get(f.name) ?? undefined}
                onChange={(v: string | undefined) => set({ [f.name]: v })}
                options={f.options}
                style={{ width: f.width ?? 140 }}
                popupMatchSelectWidth={false}
                data-testid={`${testId}-filter-${f.name}`}
              />
            ))}
            {hasFilters && (
              <Button
                type="link"
                onClick={() =>
                  set(Object.fromEntries(['q', ...filterNames].map((name) => [name, undefined] as const)))
                }
              >
                {t('common.clearFilters')}
              </Button>
            )}
          </Flex>
          {props.bulkActions && selected.length > 0 && (
            <Flex gap={8} align="center" data-testid={`${testId}-bulk`}>
              {props.bulkActions(selected, () => setSelected([]))}
            </Flex>
          )}
          {showViews && (
            <ViewTabs value={view} onChange={(v) => set({ view: v === 'all' ? undefined : v })} />
          )}
        </Flex>
        <Table<T>
          rowKey="id"
          columns={sortedColumns}
          dataSource={query.items}
          loading={query.isLoading}
          pagination={false}
          onChange={onChange}
          rowSelection={
            props.bulkActions
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
              : undefined
          }
          scroll={{ x: 'max-content' }}
          data-testid={`${testId}-table`}
          onRow={(record) => ({
            onClick: (e) => {
              if (!rowHref) return;
              // Links, buttons and inputs inside a row do their own thing.
              if (
                (e.target as HTMLElement).closest(
                  'a,button,input,.ant-select,.ant-checkbox,.ant-switch,.ant-popover,.ant-table-selection-column',
                )
              )
                return;
              navigate(rowHref(record));
            },
            className: rowHref ? 'clickable-row' : undefined,
          })}
          locale={{
            emptyText: query.isLoading ? (
              ' '
            ) : hasFilters ? (
              <EmptyState
                title={t('common.search')}
                hint={t('topbar.searchEmpty')}
                action={
                  <Button
                    onClick={() =>
                      set(Object.fromEntries(['q', ...filterNames].map((name) => [name, undefined] as const)))
                    }
                  >
                    {t('common.clearFilters')}
                  </Button>
                }
              />
            ) : (
              <EmptyState
                title={props.emptyTitle}
                hint={props.emptyHint}
                action={
                  props.onNew && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={props.onNew}>
                      {props.newLabel}
                    </Button>
                  )
                }
              />
            ),
          }}
        />
        {query.items.length > 0 && (
          <Flex className="list-footer" justify="center" align="center" gap={12}>
            <Typography.Text type="secondary">
              {t('common.shownCount', { count: query.items.length })}
            </Typography.Text>
            {query.hasNextPage ? (
              <Button
                onClick={() => void query.fetchNextPage()}
                loading={query.isFetchingNextPage}
                data-testid={`${testId}-load-more`}
              >
                {t('common.loadMore')}
              </Button>
            ) : (
              <Typography.Text type="secondary">· {t('common.noMore')}</Typography.Text>
            )}
          </Flex>
        )}
      </Card>
    </div>
  );
}
