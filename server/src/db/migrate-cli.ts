import { openDatabase, redactUrl } from './database.js';
import { migrateToLatest } from './migrate.js';

const url = process.env.DATABASE_URL;
const db = openDatabase(url);
try {
  const applied = await migrateToLatest(db.kysely);
  console.log(
    `${redactUrl(url ?? 'sqlite:./data/tuoke.db')}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}`,
  );
} finally {
  await db.close();
}
