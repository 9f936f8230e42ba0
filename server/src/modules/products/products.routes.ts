import { Product, ProductCreate, ProductListQuery, ProductPage, ProductUpdate } from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import type { App } from '../../http/types.js';
import type { ProductsService } from './products.service.js';

export function productsRoutes(app: App, service: ProductsService) {
  crudRoutes(
    app,
    'products',
    'product',
    {
      item: Product,
      page: ProductPage,
      listQuery: ProductListQuery,
      create: ProductCreate,
      update: ProductUpdate,
    },
    service,
  );
}
