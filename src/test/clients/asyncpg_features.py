"""asyncpg against a timeshard access node: one line per feature, "<feature>\tok" or "<feature>\tFAIL <why>"."""
import asyncio
import datetime
import decimal
import sys

import asyncpg

PORT = int(sys.argv[1])
START = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


async def main():
    connection = await asyncpg.connect(host='127.0.0.1', port=PORT, user='postgres', database='timeshard')
    await connection.execute("DROP TABLE IF EXISTS client_asyncpg")
    await connection.execute("CREATE TABLE client_asyncpg (time timestamptz NOT NULL, device int NOT NULL, value float8, note text,"
                             " ok bool, amount numeric, raw bytea)")
    await connection.execute("SELECT create_distributed_hypertable('client_asyncpg', 'time', 'device', chunk_time_interval => interval '1 day')")

    async def insert_with_parameters():
        await connection.execute("INSERT INTO client_asyncpg VALUES ($1, $2, $3, $4, $5, $6, $7)",
                                 START, 1, 1.5, 'x', True, 2.25, b'\x00\x01')

    async def executemany():
        await connection.executemany("INSERT INTO client_asyncpg (time, device, value, note) VALUES ($1, $2, $3, $4)",
                                     [(START + datetime.timedelta(minutes=i), i % 4, i / 4, 'n%d' % i) for i in range(100)])

    async def copy_records_in():
        await connection.copy_records_to_table('client_asyncpg', columns=['time', 'device', 'value'],
                                               records=[(START + datetime.timedelta(hours=i), 7, 0.25) for i in range(50)])

    async def parameters_of_every_common_type():
        row = await connection.fetchrow("SELECT count(*), max(value), bool_or(ok), sum(amount), min(note), string_agg(raw, $5) FROM client_asyncpg"
                                        " WHERE time >= $1 AND device = $2 AND note = $3 AND value < $4", START, 1, 'x', 10.0, b'')
        assert tuple(row) == (1, 1.5, True, decimal.Decimal('2.25'), 'x', b'\x00\x01'), row

    async def prepared_statements():
        statement = await connection.prepare("SELECT count(*) FROM client_asyncpg WHERE device = $1")
        assert [await statement.fetchval(device) for device in (0, 7)] == [25, 50]

    async def insert_returning():
        row = await connection.fetchrow("INSERT INTO client_asyncpg (time, device) VALUES ($1, 9) RETURNING device, time", START)
        assert row['device'] == 9 and row['time'] == START, row

    async def cursor_fetches_a_few_rows():
        async with connection.transaction():
            cursor = await connection.cursor("SELECT value FROM client_asyncpg WHERE device = 7 ORDER BY time")
            assert len(await cursor.fetch(3)) == 3
            assert len(await cursor.fetch(100)) == 47

    async def transaction_reads_its_own_rows():
        async with connection.transaction():
            await connection.execute("INSERT INTO client_asyncpg (time, device) VALUES ($1, 11)", START)
            assert await connection.fetchval("SELECT count(*) FROM client_asyncpg WHERE device = 11") == 1
            raise Rollback()

    async def rollback_leaves_nothing():
        try:
            await transaction_reads_its_own_rows()
        except Rollback:
            pass
        assert await connection.fetchval("SELECT count(*) FROM client_asyncpg WHERE device = 11") == 0

    async def errors_carry_their_sqlstate():
        try:
            await connection.execute("INSERT INTO client_asyncpg (time, device) VALUES (NULL, 1)")
        except asyncpg.PostgresError as error:
            assert error.sqlstate == '23502', error.sqlstate
            return
        raise AssertionError('no error')

    async def copy_out():
        result = await connection.copy_from_query("SELECT time, device FROM client_asyncpg WHERE device = 7", output='/dev/null')
        assert result == 'COPY 50', result

    async def join_with_a_local_table():
        rows = await connection.fetch("SELECT v.d, count(*) FROM client_asyncpg a JOIN (VALUES (1), (7)) v(d) ON v.d = a.device"
                                      " GROUP BY v.d ORDER BY v.d")
        assert [tuple(row) for row in rows] == [(1, 26), (7, 50)], rows

    for feature in (insert_with_parameters, executemany, copy_records_in, parameters_of_every_common_type, prepared_statements,
                    insert_returning, cursor_fetches_a_few_rows, rollback_leaves_nothing, errors_carry_their_sqlstate, copy_out,
                    join_with_a_local_table):
        try:
            await feature()
            print('%s\tok' % feature.__name__)
        except Exception as error:  # a failed feature is reported, the others still run
            print('%s\tFAIL %s: %s' % (feature.__name__, type(error).__name__, str(error).replace('\n', ' ')[:300]))
    await connection.close()


class Rollback(Exception):
    pass


asyncio.run(main())
