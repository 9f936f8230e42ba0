import { useEffect, useMemo, useState } from 'react';
import { Select, Spin, type SelectProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, type Page, type QueryParams } from '../api';
import type { ResourceName } from '../resource';

interface Named {
  id: string;
  name?: string;
  email?: string;
}

type RecordSelectProps = Omit<SelectProps<string | string[]>, 'options' | 'onSearch' | 'filterOption'> & {
  resource: ResourceName;
  /** Extra filters, e.g. { active: true }. */
  params?: QueryParams;
  /** Labels for ids that may not be in the first page of results (the current value). */
  knownLabels?: Record<string, string>;
  labelOf?: (record: Named & Record<string, unknown>) => string;
};

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Picks a record by searching the server as you type. */
export function RecordSelect({ resource, params, knownLabels, labelOf, ...rest }: RecordSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const { data, isFetching } = useQuery({
    queryKey: [resource, 'options', q, params],
    queryFn: ({ signal }) =>
      api.get<Page<Named & Record<string, unknown>>>(`/${resource}`, { limit: 50, ...params, q }, signal),
    staleTime: 30_000,
  });

  const options = useMemo(() => {
    const seen = new Set<string>();
    const list: { value: string; label: string }[] = [];
    for (const r of data?.items ?? []) {
      seen.add(r.id);
      list.push({ value: r.id, label: labelOf ? labelOf(r) : (r.name ?? r.email ?? r.id) });
    }
    for (const [id, label] of Object.entries(knownLabels ?? {})) {
      if (!seen.has(id) && label) list.push({ value: id, label });
    }
    return list;
  }, [data, knownLabels, labelOf]);

  return (
    <Select<string | string[]>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      notFoundContent={isFetching ? <Spin size="small" /> : undefined}
      {...rest}
      options={options}
      onBlur={() => setSearch('')}
    />
  );
}
