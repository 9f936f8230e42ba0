import { useMemo, useState } from 'react';
import { Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { RowActions } from '../../app/components/RowActions';
import { quoteMargin, type Product } from '@tuoke/shared';
import { useAuth } from '../../app/auth';
import { ListPage } from '../../app/components/ListPage';
import { useFormat } from '../../app/format';
import { MarginText } from './MarginText';
import { ProductForm } from './ProductForm';
import { useDeleteProduct } from './useProducts';

export function ProductsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useAuth();
  const remove = useDeleteProduct();
  const [editing, setEditing] = useState<Product | null>(null);
  const [creating, setCreating] = useState(false);
  const canUpdate = can('product', 'update');
  const canDelete = can('product', 'delete');

  const columns = useMemo<ColumnsType<Product>>(
    () => [
      {
        key: 'sku',
        title: t('fields.sku'),
        sorter: true,
        render: (_, p) => <Typography.Text code>{p.sku}</Typography.Text>,
      },
      {
        key: 'name',
        title: t('fields.name'),
        sorter: true,
        render: (_, p) => (
          <div style={{ maxWidth: 360 }}>
            <Typography.Text strong>{p.name}</Typography.Text>
            {!p.active && (
              <Tag style={{ marginLeft: 8 }} color="default">
                {t('products.inactive')}
              </Tag>
            )}
            {p.description && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {p.description}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      },
      { key: 'category', title: t('fields.category'), render: (_, p) => p.category ?? '—' },
      {
        key: 'listPrice',
        title: t('fields.listPrice'),
        sorter: true,
        align: 'right',
        render: (_, p) => (
          <span className="money">
            {fmt.money(p.listPrice, p.currency, false)}
            {p.unit && <Typography.Text type="secondary"> / {p.unit}</Typography.Text>}
          </span>
        ),
      },
      {
        key: 'unitCost',
        title: t('products.unitCost'),
        align: 'right',
        render: (_, p) => (
          <span className="money" data-testid={`product-cost-${p.id}`}>
            {fmt.money(p.unitCost, p.currency, false)}
          </span>
        ),
      },
      {
        key: 'margin',
        title: (
          <Tooltip title={t('products.marginHint')}>
            <span>{t('products.margin')}</span>
          </Tooltip>
        ),
        align: 'right',
        render: (_, p) => (
          <MarginText
            bp={quoteMargin([{ quantity: 1, unitCost: p.unitCost }], p.listPrice).marginBp}
            unknownHint={p.unitCost === null ? t('products.noCost') : t('products.marginHint')}
            testId={`product-margin-${p.id}`}
          />
        ),
      },
      {
        key: 'actions',
        title: t('common.actions'),
        fixed: 'right',
        render: (_, p) => (
          <RowActions
            onEdit={canUpdate ? () => setEditing(p) : undefined}
            editTestId={`product-edit-${p.id}`}
            onDelete={canDelete ? () => remove.mutateAsync(p.id) : undefined}
            deleteTitle={t('common.deleteConfirm', { name: p.name })}
          />
        ),
      },
    ],
    [t, fmt, canUpdate, canDelete, remove],
  );

  return (
    <>
      <ListPage<Product>
        resource="products"
        testId="products"
        showViews={false}
        title={t('products.title')}
        subtitle={t('products.subtitle')}
        columns={columns}
        defaultSort="name"
        searchPlaceholder={t('products.searchPlaceholder')}
        filters={[
          {
            name: 'active',
            placeholder: t('fields.active'),
            options: [
              { value: 'true', label: t('common.yes') },
              { value: 'false', label: t('products.inactive') },
            ],
            width: 110,
          },
        ]}
        newLabel={t('products.new')}
        onNew={can('product', 'create') ? () => setCreating(true) : undefined}
        emptyTitle={t('products.emptyTitle')}
        emptyHint={t('products.emptyHint')}
      />
      <ProductForm open={creating} onClose={() => setCreating(false)} />
      <ProductForm open={Boolean(editing)} onClose={() => setEditing(null)} product={editing} />
    </>
  );
}
