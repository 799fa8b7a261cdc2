package io.timeshard.ingest;

/**
 * How rows are framed in a COPY stream and how one field of a row is read. Fields come back as
 * text for the text and csv formats and as binary wire values for the binary format.
 */
interface RowFormat {
    /** Returned by {@link #rowEnd} for the end-of-data marker. */
    int END_OF_DATA = -2;
    /** Returned by {@link #rowEnd} and {@link #headerLength} when more bytes are needed. */
    int INCOMPLETE = -1;

    /** Length of the stream's header at {@code start}, or INCOMPLETE. */
    int headerLength(byte[] data, int start, int limit);

    /** The end (exclusive) of the row starting at {@code start}, END_OF_DATA, or INCOMPLETE. */
    int rowEnd(byte[] data, int start, int limit);


    /** Like {@link #fields}, but leaves fields that need no decoding where they lie in {@code data}. */
    default int spans(byte[] data, int start, int end, FieldSpans spans) {
        throw new UnsupportedOperationException("binary rows have no text fields");
    }

    /** The header a forwarded stream of rows starts with, and the trailer it ends with (none for text rows). */
    default byte[] streamHeader() {
        return new byte[0];
    }

    default byte[] streamTrailer() {
        return new byte[0];
    }

    /** The end of a text row's content: without its newline, and a carriage return before it. */
    static int lineEnd(byte[] data, int start, int end) {
        int lineEnd = end > start && data[end - 1] == '\n' ? end - 1 : end;
        return lineEnd > start && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    /** True when the line ending at {@code newline} is the end-of-data marker "\." of text and csv COPY. */
    static boolean isEndMarker(byte[] data, int start, int newline) {
        int end = newline > start && data[newline - 1] == '\r' ? newline - 1 : newline;
        return end - start == 2 && data[start] == '\\' && data[start + 1] == '.';
    }

    static RowFormat of(CopyFormat format) {
        return switch (format.kind()) {
            case TEXT -> new TextRowFormat(format);
            case CSV -> new CsvRowFormat(format);
            case BINARY -> new BinaryRowFormat();
        };
    }
}
