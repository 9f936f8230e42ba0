#!/usr/bin/env node
// Small PostgreSQL helper for the test scripts, so they need no psql client:
//   node scripts/pg-db.mjs check  <url>          exit 0 if `select 1` works within 5 s
//   node scripts/pg-db.mjs create <adminUrl> <name>   drop+create database <name>, print its URL
//   node scripts/pg-db.mjs drop   <adminUrl> <name>   drop database <name> if it exists
import pg from 'pg';

const [cmd, url, name] = process.argv.slice(2);

function dbUrl(adminUrl, db) {
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

async function withClient(connectionString, fn) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

try {
  if (!url) throw new Error('usage: pg-db.mjs check|create|drop <url> [name]');
  if (cmd === 'check') {
    await withClient(url, (c) => c.query('select 1'));
  } else if (cmd === 'create' || cmd === 'drop') {
    if (!name || !/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name: ${name}`);
    await withClient(url, async (c) => {
      await c.query(`drop database if exists ${name} with (force)`);
      if (cmd === 'create') await c.query(`create database ${name}`);
    });
    if (cmd === 'create') process.stdout.write(`${dbUrl(url, name)}\n`);
  } else {
    throw new Error(`unknown command: ${cmd}`);
  }
} catch (err) {
  if (cmd !== 'check') process.stderr.write(`pg-db.mjs ${cmd}: ${err.message}\n`);
  process.exit(1);
}
