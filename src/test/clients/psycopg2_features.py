"""psycopg2 against a timeshard access node: one line per feature, "<feature>\tok" or "<feature>\tFAIL <why>"."""
import datetime
import decimal
import io
import sys
import uuid

import psycopg2
import psycopg2.extras

PORT = int(sys.argv[1])
START = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
connection = psycopg2.connect(host='127.0.0.1', port=PORT, user='postgres', dbname='timeshard')
cursor = connection.cursor()
cursor.execute("DROP TABLE IF EXISTS client_psycopg2")
cursor.execute("CREATE TABLE client_psycopg2 (time timestamptz NOT NULL, device int NOT NULL, value float8, note text, amount numeric)")
cursor.execute("SELECT create_distributed_hypertable('client_psycopg2', 'time', 'device', chunk_time_interval => interval '1 day')")
connection.commit()


def insert_with_parameters():
    cursor.execute("INSERT INTO client_psycopg2 VALUES (%s, %s, %s, %s, %s)", (START, 1, 1.5, "it's", decimal.Decimal('2.25')))
    connection.commit()


def execute_values():
    psycopg2.extras.execute_values(cursor, "INSERT INTO client_psycopg2 (time, device, value, note) VALUES %s",
                                   [(START + datetime.timedelta(minutes=i), i % 4, i / 4, 'n%d' % i) for i in range(100)])
    connection.commit()


def executemany():
    cursor.executemany("INSERT INTO client_psycopg2 (time, device) VALUES (%s, %s)", [(START, 20 + i) for i in range(5)])
    connection.commit()


def copy_in():
    cursor.copy_expert("COPY client_psycopg2 (time, device, value) FROM STDIN WITH (FORMAT csv)",
                       io.StringIO(''.join('2024-01-02 %02d:00+00,7,0.25\n' % hour for hour in range(24))))
    connection.commit()


def copy_out():
    out = io.StringIO()
    cursor.copy_expert("COPY client_psycopg2 (device, value) TO STDOUT WITH (FORMAT csv)", out)
    assert out.getvalue().count('\n') == 130, out.getvalue().count('\n')


def parameters_of_every_common_type():
    cursor.execute("SELECT count(*), max(value), min(note), sum(amount) FROM client_psycopg2 WHERE time >= %s AND device = %s"
                   " AND note = %s AND value < %s", (START, 1, "it's", 10.0))
    assert cursor.fetchone() == (1, 1.5, "it's", decimal.Decimal('2.25'))


def named_cursor():
    named = connection.cursor(name='client_psycopg2_rows')
    named.itersize = 10
    named.execute("SELECT * FROM client_psycopg2 ORDER BY time, device")
    assert len(named.fetchmany(5)) == 5
    assert len(named.fetchall()) == 125
    named.close()
    connection.commit()


def transaction_rolls_back():
    cursor.execute("INSERT INTO client_psycopg2 (time, device) VALUES (%s, 11)", (START,))
    cursor.execute("SELECT count(*) FROM client_psycopg2 WHERE device = 11")
    assert cursor.fetchone() == (1,)
    connection.rollback()
    cursor.execute("SELECT count(*) FROM client_psycopg2 WHERE device = 11")
    assert cursor.fetchone() == (0,)
    connection.commit()


def errors_carry_their_sqlstate():
    try:
        cursor.execute("INSERT INTO client_psycopg2 (time, device) VALUES (NULL, 1)")
    except psycopg2.Error as error:
        connection.rollback()
        assert error.pgcode == '23502', error.pgcode
        return
    raise AssertionError('no error')


def latin1_client_encoding():
    connection.set_client_encoding('LATIN1')
    try:
        cursor.execute("INSERT INTO client_psycopg2 (time, device, note) VALUES (%s, 31, %s)", (START, 'l\u00fcx'))
        cursor.copy_expert("COPY client_psycopg2 (time, device, note) FROM STDIN", io.StringIO('2024-01-03 00:00+00\t31\tK\u00e4se\n'))
        cursor.execute("SELECT note FROM client_psycopg2 WHERE device = 31 ORDER BY time")
        notes = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT convert_to(string_agg(note, ',' ORDER BY time), 'UTF8') FROM client_psycopg2 WHERE device = 31")
        stored = bytes(cursor.fetchone()[0])
        assert stored == b'l\xc3\xbcx,K\xc3\xa4se', stored
        assert notes == ['l\u00fcx', 'K\u00e4se'], notes
        connection.commit()
    finally:
        connection.set_client_encoding('UTF8')


def scrollable_named_cursor():
    named = connection.cursor(name='client_psycopg2_scroll', scrollable=True)
    named.execute("SELECT device FROM client_psycopg2 WHERE device < 4 ORDER BY time, device")
    first = named.fetchmany(3)
    named.scroll(0, mode='absolute')
    assert named.fetchmany(3) == first, first
    named.close()
    connection.commit()


def execute_batch_and_dict_rows():
    psycopg2.extras.execute_batch(cursor, "INSERT INTO client_psycopg2 (time, device, note) VALUES (%s, %s, %s)",
                                  [(START + datetime.timedelta(days=3, minutes=i), 40, 'b%d' % i) for i in range(20)], page_size=7)
    connection.commit()
    rows = connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
    rows.execute("SELECT device, count(*) AS n FROM client_psycopg2 WHERE device = %(device)s GROUP BY device", {'device': 40})
    assert rows.fetchall() == [{'device': 40, 'n': 20}]


def more_types():
    psycopg2.extras.register_uuid()
    cursor.execute("DROP TABLE IF EXISTS client_psycopg2_types")
    cursor.execute("CREATE TABLE client_psycopg2_types (time timestamptz NOT NULL, id uuid, day date, span interval, doc jsonb,"
                   " tags text[], at timestamp)")
    cursor.execute("SELECT create_distributed_hypertable('client_psycopg2_types', 'time', chunk_time_interval => interval '1 day')")
    values = (START, uuid.UUID('12345678-1234-5678-1234-567812345678'), datetime.date(2024, 2, 29),
              datetime.timedelta(days=1, seconds=5), {'a': [1, 2]}, ['x', 'y z'], datetime.datetime(2024, 1, 1, 12, 30))
    cursor.execute("INSERT INTO client_psycopg2_types VALUES (%s, %s, %s, %s, %s, %s, %s)",
                   values[:4] + (psycopg2.extras.Json(values[4]),) + values[5:])
    cursor.execute("SELECT * FROM client_psycopg2_types WHERE id = %s AND day = %s AND span = %s AND tags = %s",
                   (values[1], values[2], values[3], values[5]))
    assert cursor.fetchone() == values
    connection.commit()


def copy_from_and_copy_to():
    cursor.copy_from(io.StringIO(''.join('2024-01-05 %02d:00:00+00\t41\n' % hour for hour in range(10))), 'client_psycopg2',
                     columns=('time', 'device'))
    out = io.StringIO()
    cursor.copy_to(out, 'client_psycopg2', columns=('device',))
    assert out.getvalue().split().count('41') == 10
    connection.commit()


def time_zone_of_the_session():
    cursor.execute("SET TIME ZONE 'Asia/Tokyo'")
    try:
        cursor.execute("SELECT count(*) FROM client_psycopg2 WHERE device = 41 AND time < '2024-01-05 12:00'")
        assert cursor.fetchone() == (3,)
        cursor.execute("SELECT min(time)::text FROM client_psycopg2 WHERE device = 41")
        assert cursor.fetchone() == ('2024-01-05 09:00:00+09',)
    finally:
        connection.rollback()


def autocommit_mode():
    connection.autocommit = True
    try:
        cursor.execute("INSERT INTO client_psycopg2 (time, device) VALUES (%s, 42)", (START,))
        cursor.execute("SELECT count(*) FROM client_psycopg2 WHERE device = 42")
        assert cursor.fetchone() == (1,)
    finally:
        connection.autocommit = False


for feature in (insert_with_parameters, execute_values, executemany, copy_in, copy_out, parameters_of_every_common_type,
                named_cursor, transaction_rolls_back, errors_carry_their_sqlstate, latin1_client_encoding, scrollable_named_cursor,
                execute_batch_and_dict_rows, more_types, copy_from_and_copy_to, time_zone_of_the_session, autocommit_mode):
    try:
        feature()
        print('%s\tok' % feature.__name__)
    except Exception as error:  # a failed feature is reported, the others still run
        connection.rollback()
        print('%s\tFAIL %s: %s' % (feature.__name__, type(error).__name__, str(error).replace('\n', ' ')[:300]))
connection.close()
