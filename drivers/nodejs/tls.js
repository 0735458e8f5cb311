'use strict';
// Connects the Node.js cassandra-driver to a Cairn node that requires TLS on its native port and
// authenticates clients: with the node's CA certificate (PEM) it logs in and reads; without TLS
// it cannot connect.
// Usage: node tls.js HOST PORT USER PASSWORD CA_PEM. Exits non-zero on the first failure.
const assert = require('assert');
const fs = require('fs');
const cassandra = require('cassandra-driver');

async function main() {
  const t0 = Date.now();
  const at = (what) => console.log(`${what} at ${Date.now() - t0} ms`);
  const [host, port, user, password, caPem] = process.argv.slice(2);
  const options = {
    contactPoints: [`${host}:${port}`],
    localDataCenter: 'datacenter1',
    authProvider: new cassandra.auth.PlainTextAuthProvider(user, password),
  };
  const secure = new cassandra.Client({ ...options, sslOptions: { ca: [fs.readFileSync(caPem)] } });
  await secure.connect();
  at('connected over TLS');
  try {
    const local = await secure.execute('SELECT release_version FROM system.local');
    assert.strictEqual(local.rows.length, 1);
  } finally {
    await secure.shutdown();
  }
  at('closed');

  // One protocol version, so that the refusal is not tried again at each lower one.
  const plain = new cassandra.Client({ ...options, protocolOptions: { maxVersion: 4 },
    socketOptions: { connectTimeout: 3000, readTimeout: 3000 } });
  await assert.rejects(plain.connect(), (e) => e instanceof cassandra.errors.NoHostAvailableError);
  at('plain refused');
  await plain.shutdown();
  console.log('ok: logged in over TLS with the node\'s CA, refused without TLS');
  // The refused client may keep a reconnection timer: do not wait for it.
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
