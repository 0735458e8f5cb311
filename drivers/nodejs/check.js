'use strict';
// Connects the Node.js cassandra-driver to a Cairn node and runs prepared inserts, selects,
// paging, named parameters, lightweight transactions, counters and secondary indexes.
// Usage: node check.js HOST PORT.
// Exits non-zero on the first failure.
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

    // Lightweight transactions: wasApplied() and the row that exists when one is not applied.
    await client.execute('CREATE TABLE IF NOT EXISTS njs.lwt (k int PRIMARY KEY, v int, t text)');
    const insertIfNotExists = 'INSERT INTO njs.lwt (k, v, t) VALUES (?, ?, ?) IF NOT EXISTS';
    const created = await client.execute(insertIfNotExists, [1, 10, 'first'], { prepare: true });
    assert.strictEqual(created.wasApplied(), true);
    assert.strictEqual(created.first()['[applied]'], true);
    const existing = await client.execute(insertIfNotExists, [1, 20, 'second'], { prepare: true });
    assert.strictEqual(existing.wasApplied(), false);
    assert.strictEqual(existing.rowLength, 1);
    assert.deepStrictEqual(existing.columns.map((column) => column.name), ['[applied]', 'k', 't', 'v']);
    assert.strictEqual(existing.first()['[applied]'], false);
    assert.strictEqual(existing.first().k, 1);
    assert.strictEqual(existing.first().v, 10);
    assert.strictEqual(existing.first().t, 'first');
    const unprepared = await client.execute("INSERT INTO njs.lwt (k, v) VALUES (1, 30) IF NOT EXISTS");
    assert.strictEqual(unprepared.wasApplied(), false);
    assert.strictEqual(unprepared.first().v, 10);
    const cas = 'UPDATE njs.lwt SET v = ? WHERE k = ? IF v = ?';
    const serial = { prepare: true, serialConsistency: cassandra.types.consistencies.localSerial };
    assert.strictEqual((await client.execute(cas, [11, 1, 10], serial)).wasApplied(), true);
    const stale = await client.execute(cas, [12, 1, 10], serial);
    assert.strictEqual(stale.wasApplied(), false);
    assert.strictEqual(stale.first().v, 11);
    const latest = await client.execute('SELECT v, t FROM njs.lwt WHERE k = ?', [1],
      { prepare: true, consistency: cassandra.types.consistencies.serial });
    assert.deepStrictEqual([latest.first().v, latest.first().t], [11, 'first']);

    // The CQL of Cassandra 5.0: GROUP BY, arithmetic, collection functions, multi-column relations and DESCRIBE.
    await client.execute('CREATE TABLE IF NOT EXISTS njs.grid (k int, a int, b text, v bigint, s set<int>, '
      + 'PRIMARY KEY (k, a, b))');
    for (const [a, b, v] of [[1, 'x', 10], [1, 'y', 20], [2, 'x', 30]]) {
      await client.execute('INSERT INTO njs.grid (k, a, b, v, s) VALUES (1, ?, ?, ?, {1, 2, 3})', [a, b, v],
        { prepare: true });
    }
    const grouped = await client.execute('SELECT a, count(*) + 1 AS n, sum(v) * 2 AS total FROM njs.grid '
      + 'WHERE k = 1 GROUP BY a');
    assert.deepStrictEqual(grouped.rows.map((row) => [row.a, row.n.toNumber(), row.total.toNumber()]),
      [[1, 3, 60], [2, 2, 60]]);
    const computed = await client.execute('SELECT v - (bigint) ?, collection_sum(s), collection_count(s) '
      + 'FROM njs.grid WHERE k = 1 AND (a, b) IN ?', [5, [new cassandra.types.Tuple(2, 'x')]], { prepare: true });
    assert.deepStrictEqual(computed.columns.map((column) => column.name),
      ['v - (bigint)?', 'system.collection_sum(s)', 'system.collection_count(s)']);
    assert.strictEqual(computed.first()['v - (bigint)?'].toNumber(), 25);
    assert.strictEqual(computed.first()['system.collection_sum(s)'], 6);
    const mixed = await client.execute('SELECT a, b, v FROM njs.grid WHERE k = 1 AND a = ? AND (b) > (?)', [1, 'x'],
      { prepare: true });
    assert.deepStrictEqual(mixed.rows.map((row) => [row.a, row.b, row.v.toNumber()]), [[1, 'y', 20]]);
    const described = await client.execute('DESCRIBE TABLE njs.grid');
    assert.deepStrictEqual(described.columns.map((column) => column.name),
      ['keyspace_name', 'type', 'name', 'create_statement']);
    assert.ok(described.first().create_statement.startsWith('CREATE TABLE njs.grid (\n    k int,\n    a int,'),
      described.first().create_statement);

    // Counters: prepared increments and decrements, and a counter batch.
    await client.execute('CREATE TABLE IF NOT EXISTS njs.hits (page text PRIMARY KEY, views counter, likes counter)');
    await client.execute('TRUNCATE njs.hits');
    const bump = 'UPDATE njs.hits SET views = views + ? WHERE page = ?';
    await client.execute(bump, [cassandra.types.Long.fromNumber(5), 'home'], { prepare: true });
    await client.execute('UPDATE njs.hits SET views = views - ? WHERE page = ?', [2, 'home'], { prepare: true });
    await client.batch([
      { query: bump, params: [10, 'home'] },
      { query: 'UPDATE njs.hits SET likes = likes + ? WHERE page = ?', params: [1, 'home'] },
      { query: bump, params: [1, 'about'] },
    ], { prepare: true, counter: true });
    const hits = await client.execute('SELECT page, views, likes FROM njs.hits WHERE page IN (?, ?)',
      ['home', 'about'], { prepare: true });
    assert.deepStrictEqual(hits.rows.map((row) => [row.page, row.views.toNumber(), row.likes && row.likes.toNumber()])
      .sort(), [['about', 1, null], ['home', 13, 1]]);
    await assert.rejects(client.execute('INSERT INTO njs.hits (page, views) VALUES (?, ?)', ['x', 1], { prepare: true }),
      (e) => e instanceof cassandra.errors.ResponseError && e.code === cassandra.types.responseErrorCodes.invalid);

    // Secondary indexes: a legacy and a storage-attached one, queried prepared and in pages; the
    // driver's metadata lists them.
    await client.execute('CREATE TABLE IF NOT EXISTS njs.people (id int PRIMARY KEY, city text, age int)');
    await client.execute('CREATE INDEX IF NOT EXISTS people_city ON njs.people (city)');
    await client.execute("CREATE INDEX IF NOT EXISTS people_age ON njs.people (age) USING 'sai'");
    for (let id = 0; id < 60; id++) {
      await client.execute('INSERT INTO njs.people (id, city, age) VALUES (?, ?, ?)',
        [id, id % 3 === 0 ? 'Oslo' : 'Rome', 20 + (id % 40)], { prepare: true });
    }
    let cityState;
    const inOslo = [];
    do {
      const page = await client.execute('SELECT id FROM njs.people WHERE city = ?', ['Oslo'],
        { prepare: true, fetchSize: 7, pageState: cityState });
      page.rows.forEach((row) => inOslo.push(row.id));
      cityState = page.pageState;
    } while (cityState);
    assert.deepStrictEqual(inOslo.sort((a, b) => a - b), [...Array(20).keys()].map((i) => i * 3));
    const adults = await client.execute('SELECT id FROM njs.people WHERE age >= ? AND age < ?', [50, 55],
      { prepare: true });
    assert.deepStrictEqual(adults.rows.map((row) => row.id).sort((a, b) => a - b), [30, 31, 32, 33, 34]);
    await assert.rejects(client.execute("SELECT id FROM njs.people WHERE city > 'M'"),
      (e) => e instanceof cassandra.errors.ResponseError && e.code === cassandra.types.responseErrorCodes.invalid
        && e.message.includes('ALLOW FILTERING'));
    await client.metadata.refreshKeyspace('njs');
    const people = await client.metadata.getTable('njs', 'people');
    assert.deepStrictEqual(people.indexes.map((index) => [index.name, index.target,
      index.isCustomKind() ? 'custom' : index.isCompositesKind() ? 'composites' : 'other']).sort(),
      [['people_age', 'age', 'custom'], ['people_city', 'city', 'composites']]);

    // Vectors (Cassandra 5.0): written prepared as a cassandra.types.Vector, read back as one, and
    // compared with a similarity function.
    await client.execute('CREATE TABLE IF NOT EXISTS njs.embeddings (k int PRIMARY KEY, v vector<float, 3>, '
      + 'names vector<text, 2>)');
    await client.execute('INSERT INTO njs.embeddings (k, v, names) VALUES (?, ?, ?)',
      [1, new cassandra.types.Vector(new Float32Array([3, 0, 4])), new cassandra.types.Vector(['a', 'bc'])],
      { prepare: true });
    const embedding = (await client.execute('SELECT v, names, similarity_cosine(v, ?) AS score FROM njs.embeddings '
      + 'WHERE k = ?', [new cassandra.types.Vector(new Float32Array([1, 0, 0])), 1], { prepare: true })).first();
    assert.ok(embedding.v instanceof cassandra.types.Vector);
    assert.deepStrictEqual(Array.from(embedding.v), [3, 0, 4]);
    assert.deepStrictEqual(Array.from(embedding.names), ['a', 'bc']);
    assert.ok(Math.abs(embedding.score - 0.8) < 1e-6);
    await assert.rejects(client.execute('INSERT INTO njs.embeddings (k, v) VALUES (2, [1.0, 2.0])'),
      (e) => e instanceof cassandra.errors.ResponseError && e.code === cassandra.types.responseErrorCodes.invalid
        && e.message.includes('expected 3 elements, but given 2'));

    // Vector search: a storage-attached index of the vector column, and the nearest rows, prepared.
    await client.execute("CREATE CUSTOM INDEX IF NOT EXISTS embeddings_v ON njs.embeddings (v) USING 'sai' "
      + "WITH OPTIONS = {'similarity_function': 'dot_product'}");
    for (let k = 2; k <= 9; k++) {
      await client.execute('INSERT INTO njs.embeddings (k, v) VALUES (?, ?)',
        [k, new cassandra.types.Vector(new Float32Array([k / 10, 0.1, 0]))], { prepare: true });
    }
    const nearest = await client.execute('SELECT k FROM njs.embeddings ORDER BY v ANN OF ? LIMIT 3',
      [new cassandra.types.Vector(new Float32Array([1, 0, 0]))], { prepare: true });
    assert.deepStrictEqual(nearest.rows.map((row) => row.k), [1, 9, 8]);
    await assert.rejects(client.execute('SELECT k FROM njs.embeddings ORDER BY v ANN OF [1.0, 0.0, 0.0] LIMIT 1001'),
      (e) => e instanceof cassandra.errors.ResponseError && e.code === cassandra.types.responseErrorCodes.invalid
        && e.message.includes('not greater than 1000'));

    await assert.rejects(client.execute('SELECT nope FROM njs.items'),
      (e) => e instanceof cassandra.errors.ResponseError && e.code === cassandra.types.responseErrorCodes.invalid);
    console.log(`ok: protocol v${client.controlConnection.protocolVersion}, ${seen} rows in ${pages} pages, named parameters, lightweight transactions, Cassandra 5.0 CQL, counters, secondary indexes, vectors, vector search`);
  } finally {
    await client.shutdown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
