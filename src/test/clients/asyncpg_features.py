"""asyncpg against a timeshard access node: one line per feature, "<feature>\tok" or "<feature>\tFAIL <why>"."""
import asyncio
import datetime
import decimal
import io
import sys
import uuid

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

    async def more_types_in_binary():
        await connection.execute("DROP TABLE IF EXISTS client_asyncpg_types")
        await connection.execute("CREATE TABLE client_asyncpg_types (time timestamptz NOT NULL, id uuid, day date, span interval,"
                                 " big int8, small int2, ratio float4, doc jsonb, tags text[], at timestamp)")
        await connection.execute("SELECT create_distributed_hypertable('client_asyncpg_types', 'time', chunk_time_interval => interval '1 day')")
        values = (START, uuid.UUID('12345678-1234-5678-1234-567812345678'), datetime.date(2024, 2, 29), datetime.timedelta(days=1, seconds=5),
                  2 ** 40, -7, 0.5, '{"a": [1, 2]}', ['x', 'y z'], datetime.datetime(2024, 1, 1, 12, 30))
        await connection.execute("INSERT INTO client_asyncpg_types VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", *values)
        row = await connection.fetchrow("SELECT * FROM client_asyncpg_types WHERE id = $1 AND day = $2 AND span = $3 AND big = $4"
                                        " AND at = $5", values[1], values[2], values[3], values[4], values[9])
        assert row is not None and tuple(row) == values, row

    async def pool_of_connections():
        async with asyncpg.create_pool(host='127.0.0.1', port=PORT, user='postgres', database='timeshard', min_size=2, max_size=4) as pool:
            counts = await asyncio.gather(*(pool.fetchval("SELECT count(*) FROM client_asyncpg WHERE device = $1", device)
                                            for device in (0, 1, 2, 3, 7) * 4))
            assert counts[:5] == [25, 26, 25, 25, 50], counts

    async def session_settings():
        other = await asyncpg.connect(host='127.0.0.1', port=PORT, user='postgres', database='timeshard',
                                      server_settings={'TimeZone': 'America/New_York', 'DateStyle': 'SQL, DMY'})
        try:
            count = await other.fetchval("SELECT count(*) FROM client_asyncpg WHERE time >= '2024-01-01 00:00' AND device = 7")
            assert count == 45, count  # five of the hourly rows lie before midnight in New York
            text = await other.fetchval("SELECT min(time)::text FROM client_asyncpg WHERE device = 7")
            assert text == '31/12/2023 19:00:00 EST', text
        finally:
            await other.close()

    async def prepared_cursor_with_prefetch():
        statement = await connection.prepare("SELECT time, value FROM client_asyncpg WHERE device = $1 ORDER BY time")
        async with connection.transaction():
            rows = [row async for row in statement.cursor(7, prefetch=7)]
        assert len(rows) == 50 and rows[0]['time'] == START, len(rows)

    async def copy_csv_in():
        csv = io.BytesIO(''.join('2024-01-03 %02d:00:00+00,8,0.5\n' % hour for hour in range(24)).encode())
        result = await connection.copy_to_table('client_asyncpg', source=csv, columns=['time', 'device', 'value'], format='csv')
        assert result == 'COPY 24', result
        assert await connection.fetchval("SELECT sum(value) FROM client_asyncpg WHERE device = 8") == 12.0

    async def executemany_in_a_transaction():
        async with connection.transaction():
            await connection.executemany("UPDATE client_asyncpg SET note = $2 WHERE device = 8 AND time = $1",
                                         [(datetime.datetime(2024, 1, 3, hour, tzinfo=datetime.timezone.utc), 'h%d' % hour) for hour in range(3)])
        assert await connection.fetchval("SELECT count(note) FROM client_asyncpg WHERE device = 8") == 3

    async def delete_returning():
        rows = await connection.fetch("DELETE FROM client_asyncpg WHERE device = $1 RETURNING note", 8)
        assert sorted(row['note'] or '' for row in rows) == [''] * 21 + ['h0', 'h1', 'h2'], rows

    async def explain_shows_the_plan():
        plan = await connection.fetch("EXPLAIN SELECT count(*) FROM client_asyncpg WHERE device = $1", 1)
        assert any('Strategy' in row[0] for row in plan), plan

    for feature in (insert_with_parameters, executemany, copy_records_in, parameters_of_every_common_type, prepared_statements,
                    insert_returning, cursor_fetches_a_few_rows, rollback_leaves_nothing, errors_carry_their_sqlstate, copy_out,
                    join_with_a_local_table, more_types_in_binary, pool_of_connections, session_settings, prepared_cursor_with_prefetch,
                    copy_csv_in, executemany_in_a_transaction, delete_returning, explain_shows_the_plan):
        try:
            await feature()
            print('%s\tok' % feature.__name__)
        except Exception as error:  # a failed feature is reported, the others still run
            print('%s\tFAIL %s: %s' % (feature.__name__, type(error).__name__, str(error).replace('\n', ' ')[:300]))
    await connection.close()


class Rollback(Exception):
    pass


asyncio.run(main())
