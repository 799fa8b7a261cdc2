package io.timeshard.ingest;

/**
 * Decimal text to double without the general algorithm when an exact shortcut exists: a mantissa
 * below 2^53 divided or multiplied by an exact power of ten (at most 10^22) is correctly rounded,
 * as strtod's result is (Clinger's fast path). Other spellings go to Double.parseDouble.
 */
final class ExactDecimal {
    private static final double[] POWERS_OF_TEN = new double[23];
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private ExactDecimal() {}

    /** {@code text} must be a plain decimal ([+-]digits[.digits], as {@link TextValueEncoder#isDecimal} checks). */
    static double toDouble(CharSequence text) {
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i++;
        }
        long mantissa = 0;
        int fractionDigits = 0;
        boolean inFraction = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                inFraction = true;
                continue;
            }
            if (c < '0' || c > '9' || mantissa >= MAX_EXACT_MANTISSA / 10) {
                return Double.parseDouble(text.toString());
            }
            mantissa = mantissa * 10 + (c - '0');
            if (inFraction) {
                fractionDigits++;
            }
        }
        if (fractionDigits >= POWERS_OF_TEN.length) {
            return Double.parseDouble(text.toString());
        }
        double value = mantissa / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }
}
