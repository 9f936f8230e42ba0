import type { CompiledQuery, Compilable, Kysely } from 'kysely';

const MARK = '\u0000arg';

/**
 * A query built once and compiled once, then run with new arguments: for hot point reads, where
 * building and compiling the Kysely query costs as much as running it. `build` must use each
 * argument as a plain bound value (where x = arg), never to choose the query's shape.
 */
export function preparedQuery<A extends string[], R>(db: Kysely<any>, build: (...args: A) => Compilable<R>) {
  let compiled: CompiledQuery<R> | null = null;
  return async (...args: A): Promise<R[]> => {
    compiled ??= build(...(args.map((_, i) => `${MARK}${i}`) as A)).compile();
    const parameters = compiled.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(MARK) ? args[Number(p.slice(MARK.length))] : p,
    );
    return (await db.executeQuery<R>({ ...compiled, parameters })).rows;
  };
}
