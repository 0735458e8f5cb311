'use strict';
// Connects the Node.js cassandra-driver to a Cairn node and runs prepared inserts, selects and
// paging. Usage: node check.js HOST PORT. Exits non-zero on the first failure.
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

    await assert.rejects(client.execute('SELECT nope FROM njs.items'),
      (e) => e instanceof cassandra.errors.ResponseError && e.code === cassandra.types.responseErrorCodes.invalid);
    console.log(`ok: protocol v${client.controlConnection.protocolVersion}, ${seen} rows in ${pages} pages`);
  } finally {
    await client.shutdown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
