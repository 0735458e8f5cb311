'use strict';
// Connects the Node.js cassandra-driver to a Cairn node and runs prepared inserts, selects,
// paging and named parameters. Usage: node check.js HOST PORT. Exits non-zero on the first failure.
const assert = require('assert');
const cassandra = require('cassandra-driver');

async function main() {
  const [host, port] = process.argv.slice(2);
  const client = new cassandra.Client({
    contactPoints: [`${host}:${port}`],
    localDataCenter: 'datacenter1',
  });
  await client.connect();
  try {
    await client.execute("CREATE KEYSPACE IF NOT EXISTS njs WITH replication = " +
      "{'class': 'SimpleStrategy', 'replication_factor': 1}");
    await client.execute('CREATE TABLE IF NOT EXISTS njs.items (id int, seq int, name text, tags set<text>, ' +
      'PRIMARY KEY (id, seq))');
    const insert = 'INSERT INTO njs.items (id, seq, name, tags) VALUES (?, ?, ?, ?)';
    for (let seq = 0; seq < 250; seq++) {
      await client.execute(insert, [1, seq, 'n' + seq, ['a', 'b' + (seq % 3)]], { prepare: true });
    }
    const one = await client.execute('SELECT name, tags FROM njs.items WHERE id = ? AND seq = ?', [1, 7],
      { prepare: true });
    assert.strictEqual(one.rowLength, 1);
    assert.strictEqual(one.rows[0].name, 'n7');
    assert.deepStrictEqual(one.rows[0].tags.sort(), ['a', 'b1']);

    let pageState;
    let seen = 0;
    let pages = 0;
    do {
      const page = await client.execute('SELECT seq FROM njs.items WHERE id = ?', [1],
        { prepare: true, fetchSize: 100, pageState });
      for (const row of page.rows) {
        assert.strictEqual(row.seq, seen);
        seen++;
      }
      pageState = page.pageState;
      pages++;
    } while (pageState);
    assert.strictEqual(seen, 250);
    assert.strictEqual(pages, 3);

    // Named markers bound from an object of named parameters, prepared and not.
    await client.execute('CREATE TABLE IF NOT EXISTS njs.named (key int, c int, name text, PRIMARY KEY (key, c))');
    const named = 'INSERT INTO njs.named (key, c, name) VALUES (:key, :key, :nm)';
    await client.execute(named, { nm: 'prepared', key: 1 }, { prepare: true });
    await client.execute(named, { nm: 'simple', key: 2 }, { hints: { key: 'int' } });
    const byName = await client.execute('SELECT key, c, name FROM njs.named WHERE key = :k AND c = :k', { k: 1 },
      { prepare: true });
    assert.deepStrictEqual(byName.rows.map((row) => [row.key, row.c, row.name]), [[1, 1, 'prepared']]);
    const simple = await client.execute('SELECT name FROM njs.named WHERE key = ? AND c = ?', [2, 2],
      { prepare: true });
    assert.strictEqual(simple.rows[0].name, 'simple');
    await assert.rejects(client.execute(named, { key: 3 }, { hints: { key: 'int' } }),
      (e) => e instanceof cassandra.errors.ResponseError && e.message === 'Invalid amount of bind variables');

    await assert.rejects(client.execute('SELECT nope FROM njs.items'),
      (e) => e instanceof cassandra.errors.ResponseError && e.code === cassandra.types.responseErrorCodes.invalid);
    console.log(`ok: protocol v${client.controlConnection.protocolVersion}, ${seen} rows in ${pages} pages, named parameters`);
  } finally {
    await client.shutdown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
