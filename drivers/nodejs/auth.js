'use strict';
// Logs the Node.js cassandra-driver in to a Cairn node that authenticates clients, with its
// PlainTextAuthProvider: the superuser creates a role and a table, the role logs in, is refused
// what only a superuser may do and a read without permission (an unauthorized error), reads once
// granted SELECT, is refused a write until granted MODIFY, and a wrong password is refused at connect.
// Usage: node auth.js HOST PORT SUPERUSER PASSWORD. Exits non-zero on the first failure.
const assert = require('assert');
const cassandra = require('cassandra-driver');

function client(host, port, user, password) {
  return new cassandra.Client({
    contactPoints: [`${host}:${port}`],
    localDataCenter: 'datacenter1',
    authProvider: new cassandra.auth.PlainTextAuthProvider(user, password),
  });
}

async function main() {
  const [host, port, superuser, password] = process.argv.slice(2);
  const admin = client(host, port, superuser, password);
  await admin.connect();
  try {
    await admin.execute("CREATE ROLE IF NOT EXISTS njs WITH PASSWORD = 'njs-pw' AND LOGIN = true");
    await admin.execute("CREATE KEYSPACE IF NOT EXISTS njs_ks WITH replication = "
      + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
    await admin.execute('CREATE TABLE IF NOT EXISTS njs_ks.kv (k int PRIMARY KEY, v text)');
    await admin.execute("INSERT INTO njs_ks.kv (k, v) VALUES (1, 'one')");
  } finally {
    await admin.shutdown();
  }

  const njs = client(host, port, 'njs', 'njs-pw');
  await njs.connect();
  try {
    const roles = await njs.execute('LIST ROLES');
    assert.deepStrictEqual(roles.rows.map((row) => row.role), ['njs']);
    await assert.rejects(njs.execute("CREATE ROLE mallory WITH SUPERUSER = true AND LOGIN = true"),
      (e) => e instanceof cassandra.errors.ResponseError && e.code === cassandra.types.responseErrorCodes.unauthorized);
    const unauthorized = (e) => e instanceof cassandra.errors.ResponseError
      && e.code === cassandra.types.responseErrorCodes.unauthorized
      && /has no (SELECT|MODIFY) permission on <table njs_ks.kv>/.test(e.message);
    await assert.rejects(njs.execute('SELECT v FROM njs_ks.kv WHERE k = 1'), unauthorized);

    const grant = client(host, port, superuser, password);
    await grant.connect();
    try {
      await grant.execute('GRANT SELECT ON KEYSPACE njs_ks TO njs');
    } finally {
      await grant.shutdown();
    }
    const read = await njs.execute('SELECT v FROM njs_ks.kv WHERE k = ?', [1], { prepare: true });
    assert.strictEqual(read.rows[0].v, 'one');
    await assert.rejects(njs.execute('INSERT INTO njs_ks.kv (k, v) VALUES (?, ?)', [2, 'two'], { prepare: true }),
      unauthorized);
  } finally {
    await njs.shutdown();
  }

  const wrong = client(host, port, 'njs', 'not-the-password');
  await assert.rejects(wrong.connect(), (e) => e instanceof cassandra.errors.NoHostAvailableError
    && Object.values(e.innerErrors).some((inner) => inner instanceof cassandra.errors.AuthenticationError));
  await wrong.shutdown();
  console.log('ok: logged in, refused an unauthorized statement, read once granted, refused a write without '
    + 'permission, refused a wrong password');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
