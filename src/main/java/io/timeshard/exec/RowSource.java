package io.timeshard.exec;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The nodes' rows as one stream: appended node after node, or merged by sort keys when every node
 * returns its rows sorted, so the stream comes out sorted as one PostgreSQL would sort it.
 */
public final class RowSource {
    /** A node's current row with its sort values read once, so that comparing rows parses nothing. */
    private record Head(List<String> row, Comparable<?>[] keys, NodeCursor cursor) {}

    private final List<NodeCursor> cursors;
    private final PriorityQueue<Head> heads;
    private final List<SortKey> keys;
    private final List<Function<String, Comparable<?>>> readers;
    private int current;

    private RowSource(List<NodeCursor> cursors, PriorityQueue<Head> heads, List<SortKey> keys, ZoneId zone) {
        this.cursors = cursors;
        this.heads = heads;
        this.keys = keys;
        this.readers = keys.stream().map(key -> TextOrder.reader(key.typeOid(), zone)).toList();
    }

    public static RowSource append(List<NodeCursor> cursors) {
        return new RowSource(cursors, null, List.of(), null);
    }

    public static RowSource merge(List<NodeCursor> cursors, List<SortKey> keys, ZoneId zone) {
        RowSource source = new RowSource(cursors, new PriorityQueue<>(Math.max(1, cursors.size()), headOrder(keys)), keys, zone);
        for (NodeCursor cursor : cursors) {
            source.advance(cursor);
        }
        return source;
    }

    private void advance(NodeCursor cursor) {
        List<String> row = cursor.next();
        if (row != null) {
            Comparable<?>[] values = new Comparable<?>[keys.size()];
            for (int i = 0; i < values.length; i++) {
                String text = row.get(keys.get(i).column());
                values[i] = text == null ? null : readers.get(i).apply(text);
            }
            heads.add(new Head(row, values, cursor));
        }
    }

    /** The next row, or null after the last. */
    public List<String> next() {
        if (heads != null) {
            Head head = heads.poll();
            if (head == null) {
                return null;
            }
            advance(head.cursor());
            return head.row();
        }
        while (current < cursors.size()) {
            List<String> row = cursors.get(current).next();
            if (row != null) {
                return row;
            }
            current++;
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Head> headOrder(List<SortKey> keys) {
        return (a, b) -> {
            for (int i = 0; i < keys.size(); i++) {
                SortKey key = keys.get(i);
                Comparable x = a.keys()[i];
                Comparable y = b.keys()[i];
                int order;
                if (x == null || y == null) {
                    order = x == y ? 0 : (x == null) == key.nullsFirst() ? -1 : 1;
                } else {
                    order = key.descending() ? y.compareTo(x) : x.compareTo(y);
                }
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        };
    }
}
