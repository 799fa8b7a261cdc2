package io.timeshard.ingest;

/**
 * Where each field of the current row lies in the input: a byte range when it can be read as it
 * stands, the decoded text when quotes or escapes had to be undone, or NULL.
 */
final class FieldSpans {
    final int[] starts;
    final int[] ends;
    final String[] decoded;
    final boolean[] nulls;

    FieldSpans(int fields) {
        starts = new int[fields];
        ends = new int[fields];
        decoded = new String[fields];
        nulls = new boolean[fields];
    }

    int size() {
        return starts.length;
    }

    void setBytes(int field, int start, int end) {
        starts[field] = start;
        ends[field] = end;
        decoded[field] = null;
        nulls[field] = false;
    }

    void setText(int field, String text) {
        decoded[field] = text;
        nulls[field] = text == null;
    }

    /** The field as text, for messages. */
    String text(byte[] data, int field) {
        if (nulls[field]) {
            return null;
        }
        return decoded[field] != null ? decoded[field]
                : new String(data, starts[field], ends[field] - starts[field], java.nio.charset.StandardCharsets.UTF_8);
    }
}
