package io.timeshard.partition;

/** The whitespace PostgreSQL's input functions skip around a value: C's isspace. */
final class PostgresWhitespace {
    private PostgresWhitespace() {}

    static String strip(String text) {
        int begin = 0;
        int end = text.length();
        while (begin < end && isSpace(text.charAt(begin))) {
            begin++;
        }
        while (end > begin && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(begin, end);
    }

    private static boolean isSpace(char character) {
        return character == ' ' || character == '\t' || character == '\n' || character == '\r'
                || character == '\u000B' || character == '\f';
    }
}
