export { ProductsService, toProduct } from './products.service.js';
export { productsRoutes } from './products.routes.js';
