package io.timeshard.exec;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The nodes' rows as one stream: appended node after node, or merged by sort keys when every node
 * returns its rows sorted, so the stream comes out sorted as one PostgreSQL would sort it.
 */
public final class RowSource {
    private record Head(List<String> row, NodeCursor cursor) {}

    private final List<NodeCursor> cursors;
    private final PriorityQueue<Head> heads;
    private int current;

    private RowSource(List<NodeCursor> cursors, PriorityQueue<Head> heads) {
        this.cursors = cursors;
        this.heads = heads;
    }

    public static RowSource append(List<NodeCursor> cursors) {
        return new RowSource(cursors, null);
    }

    public static RowSource merge(List<NodeCursor> cursors, List<SortKey> keys, ZoneId zone) {
        Comparator<List<String>> order = rowOrder(keys, zone);
        PriorityQueue<Head> heads = new PriorityQueue<>(Math.max(1, cursors.size()), (a, b) -> order.compare(a.row(), b.row()));
        for (NodeCursor cursor : cursors) {
            List<String> row = cursor.next();
            if (row != null) {
                heads.add(new Head(row, cursor));
            }
        }
        return new RowSource(cursors, heads);
    }

    /** The next row, or null after the last. */
    public List<String> next() {
        if (heads != null) {
            Head head = heads.poll();
            if (head == null) {
                return null;
            }
            List<String> following = head.cursor().next();
            if (following != null) {
                heads.add(new Head(following, head.cursor()));
            }
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

    private static Comparator<List<String>> rowOrder(List<SortKey> keys, ZoneId zone) {
        List<Comparator<List<String>>> parts = new ArrayList<>();
        for (SortKey key : keys) {
            Comparator<String> values = TextOrder.of(key.typeOid(), zone);
            Comparator<String> directed = key.descending() ? values.reversed() : values;
            Comparator<String> withNulls = key.nullsFirst() ? Comparator.nullsFirst(directed) : Comparator.nullsLast(directed);
            parts.add((a, b) -> withNulls.compare(a.get(key.column()), b.get(key.column())));
        }
        return (a, b) -> {
            for (Comparator<List<String>> part : parts) {
                int order = part.compare(a, b);
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        };
    }
}
