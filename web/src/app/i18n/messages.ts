import type { zhCN } from './zh-CN';

type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** Every language has exactly the keys of zh-CN (checked by the compiler and by a test). */
export type Messages = Shape<typeof zhCN>;
