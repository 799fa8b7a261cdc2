// node-postgres (pg, pg-copy-streams) against a timeshard access node: one line per feature, "<feature>\tok" or "<feature>\tFAIL <why>".
const { Client, Pool } = require('pg');
const { from: copyFrom, to: copyTo } = require('pg-copy-streams');
const { Readable, Writable } = require('stream');
const { pipeline } = require('stream/promises');
const assert = require('assert');

const client = new Client({ host: '127.0.0.1', port: Number(process.argv[2]), user: 'postgres', database: 'timeshard' });
const start = new Date(Date.UTC(2024, 0, 1));

const features = {
  async insertWithParameters() {
    await client.query('INSERT INTO client_node VALUES ($1, $2, $3, $4)', [start, 1, 1.5, 'x']);
  },
  async preparedStatements() {
    for (let i = 0; i < 10; i++) {
      await client.query({ name: 'client_node_insert', text: 'INSERT INTO client_node VALUES ($1, $2, $3, $4)',
        values: [new Date(start.getTime() + i * 60000), i % 4, i / 4, 'n' + i] });
    }
    const result = await client.query({ name: 'client_node_count', text: 'SELECT count(*) FROM client_node WHERE device = $1', values: [1] });
    assert.strictEqual(result.rows[0].count, '4');
  },
  async copyIn() {
    const rows = Array.from({ length: 24 }, (_, hour) => `2024-01-02 ${String(hour).padStart(2, '0')}:00+00\t7\t0.25\tc\n`).join('');
    await pipeline(Readable.from([rows]), client.query(copyFrom('COPY client_node FROM STDIN')));
  },
  async copyOut() {
    let lines = 0;
    await pipeline(client.query(copyTo('COPY client_node TO STDOUT')), new Writable({
      write(chunk, encoding, done) { lines += chunk.toString().split('\n').length - 1; done(); }
    }));
    assert.strictEqual(lines, 35);
  },
  async parametersOfEveryCommonType() {
    const result = await client.query('SELECT count(*)::int AS n, max(value) AS top FROM client_node WHERE time >= $1 AND note = $2 AND value < $3',
      [start, 'x', 10]);
    assert.deepStrictEqual(result.rows[0], { n: 1, top: 1.5 });
  },
  async transactionRollsBack() {
    await client.query('BEGIN');
    await client.query('INSERT INTO client_node VALUES ($1, 11, 1, $2)', [start, 't']);
    assert.strictEqual((await client.query('SELECT count(*) FROM client_node WHERE device = 11')).rows[0].count, '1');
    await client.query('ROLLBACK');
    assert.strictEqual((await client.query('SELECT count(*) FROM client_node WHERE device = 11')).rows[0].count, '0');
  },
  async errorsCarryTheirSqlstate() {
    await assert.rejects(client.query('INSERT INTO client_node VALUES (NULL, 1, 1, $1)', ['x']), error => error.code === '23502');
  },
  async poolOfConnections() {
    const pool = new Pool({ host: '127.0.0.1', port: Number(process.argv[2]), user: 'postgres', database: 'timeshard', max: 4 });
    try {
      const counts = await Promise.all([0, 1, 2, 3, 7].map(device =>
        pool.query('SELECT count(*)::int AS n FROM client_node WHERE device = $1', [device]).then(result => result.rows[0].n)));
      assert.deepStrictEqual(counts, [3, 4, 2, 2, 24]);
    } finally {
      await pool.end();
    }
  },
  async moreTypes() {
    await client.query('DROP TABLE IF EXISTS client_node_types');
    await client.query('CREATE TABLE client_node_types (time timestamptz NOT NULL, id uuid, day date, doc jsonb, tags text[], big int8)');
    await client.query("SELECT create_distributed_hypertable('client_node_types', 'time', chunk_time_interval => interval '1 day')");
    await client.query('INSERT INTO client_node_types VALUES ($1, $2, $3, $4, $5, $6)',
      [start, '12345678-1234-5678-1234-567812345678', '2024-02-29', { a: [1, 2] }, ['x', 'y z'], '1099511627776']);
    const result = await client.query('SELECT id, day::text AS day, doc, tags, big FROM client_node_types WHERE id = $1 AND tags = $2',
      ['12345678-1234-5678-1234-567812345678', ['x', 'y z']]);
    assert.deepStrictEqual(result.rows, [{ id: '12345678-1234-5678-1234-567812345678', day: '2024-02-29', doc: { a: [1, 2] },
      tags: ['x', 'y z'], big: '1099511627776' }]);
  },
  async multipleStatementsInOneQuery() {
    const results = await client.query("INSERT INTO client_node VALUES ('2024-01-04', 12, 1, 'm'); SELECT count(*)::int AS n FROM client_node WHERE device = 12");
    assert.strictEqual(results[1].rows[0].n, 1);
  },
  async rowsAsArrays() {
    const result = await client.query({ text: 'SELECT device, count(*)::int FROM client_node WHERE device IN (1, 7) GROUP BY device ORDER BY device',
      rowMode: 'array' });
    assert.deepStrictEqual(result.rows, [[1, 4], [7, 24]]);
  },
};

(async () => {
  await client.connect();
  await client.query('DROP TABLE IF EXISTS client_node');
  await client.query('CREATE TABLE client_node (time timestamptz NOT NULL, device int NOT NULL, value float8, note text)');
  await client.query("SELECT create_distributed_hypertable('client_node', 'time', 'device', chunk_time_interval => interval '1 day')");
  for (const [name, feature] of Object.entries(features)) {
    try {
      await feature();
      console.log(`${name}\tok`);
    } catch (error) {
      console.log(`${name}\tFAIL ${String(error.message || error).replace(/\n/g, ' ').slice(0, 300)}`);
    }
  }
  await client.end();
})();
