package io.timeshard.home;

import io.timeshard.partition.TimeType;
import io.timeshard.partition.TimeValues;
import io.timeshard.sql.SqlText;
import io.timeshard.sql.SqlToken;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The few expressions of INSERT values the access node computes exactly as PostgreSQL would, so
 * that devices' usual rows need no round trip home: typed timestamptz and interval literals, now()
 * and CURRENT_TIMESTAMP outside a transaction block (the statement is its own transaction, begun
 * as it arrived), a time plus or minus an interval, an interval times a number, integer
 * arithmetic, and sums and products with decimal constants (numeric, exact in PostgreSQL too). Intervals are only of hours and smaller units: days and months move with the time
 * zone's rules. Whatever else, and whatever PostgreSQL would fail or round (an overflow, a
 * division by zero, a product too large for a double), is PostgreSQL's to evaluate: empty.
 */
public final class ValueExpression {
    private static final Set<String> TIMESTAMPTZ_NAMES = Set.of("timestamptz", "timestamp with time zone");
    private static final Set<String> INT4_NAMES = Set.of("int4", "integer", "int");
    private static final Set<String> INT8_NAMES = Set.of("int8", "bigint");
    private static final Set<String> FLOAT8_NAMES = Set.of("float8", "double precision");
    /** What float8in reads exactly as Java does (no hexadecimal, no suffixes, no NaN or infinities). */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Years 1 to 9999, in microseconds since 1970: PostgreSQL's range is wider, but these print alike. */
    private static final long EARLIEST = -62_135_596_800_000_000L;
    private static final long LATEST = 253_402_300_800_000_000L;
    /** Integers a double holds exactly: an interval times an integer goes through float8 in PostgreSQL. */
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    private enum Kind { TIME, INTERVAL, INT4, INT8, NUMERIC, FLOAT8 }

    /** TIME: microseconds since 1970; INTERVAL: microseconds; integers: their value; NUMERIC: {@code decimal}; FLOAT8: {@code real}. */
    private record Value(Kind kind, long amount, BigDecimal decimal, double real) {
        Value(Kind kind, long amount) {
            this(kind, amount, null, 0);
        }

        static Value numeric(BigDecimal decimal) {
            return new Value(Kind.NUMERIC, 0, decimal, 0);
        }

        static Value float8(double real) {
            require(Double.isFinite(real)); // PostgreSQL fails an overflow
            return new Value(Kind.FLOAT8, 0, null, real);
        }

        double asDouble() {
            return kind == Kind.FLOAT8 ? real : kind == Kind.NUMERIC ? decimal.doubleValue() : amount;
        }

        boolean isInteger() {
            return kind == Kind.INT4 || kind == Kind.INT8;
        }

        boolean isNumber() {
            return isInteger() || kind == Kind.NUMERIC || kind == Kind.FLOAT8;
        }

        BigDecimal asDecimal() {
            return kind == Kind.NUMERIC ? decimal : BigDecimal.valueOf(amount);
        }
    }

    /** An expression the access node does not compute: not an error, PostgreSQL evaluates it instead. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private final List<SqlToken> tokens;
    private final int end;
    private final List<String> parameters;
    private final List<Integer> parameterTypes;
    private final ZoneId zone;
    private final OptionalLong now;
    private int position;

    private ValueExpression(List<SqlToken> tokens, int start, int end, List<String> parameters, List<Integer> parameterTypes,
                            ZoneId zone, OptionalLong now) {
        this.tokens = tokens;
        this.position = start;
        this.end = end;
        this.parameters = parameters;
        this.parameterTypes = parameterTypes;
        this.zone = zone;
        this.now = now;
    }

    /**
     * The text the column of type {@code columnType} would store for the expression {@code tokens[start, end)}:
     * empty when PostgreSQL must evaluate it. {@code now}: the statement's start in microseconds
     * since 1970, when now() is that (outside a transaction block); {@code zone}: the session's.
     */
    public static Optional<String> evaluate(List<SqlToken> tokens, int start, int end, String columnType, List<String> parameters,
                                     List<Integer> parameterTypes, ZoneId zone, OptionalLong now) {
        if (zone == null) {
            return Optional.empty();
        }
        try {
            ValueExpression expression = new ValueExpression(tokens, start, end, parameters, parameterTypes, zone, now);
            Value value = expression.sum();
            if (expression.position != end) {
                return Optional.empty();
            }
            return stored(value, columnType);
        } catch (Unsupported | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> stored(Value value, String columnType) {
        return switch (value.kind()) {
            case TIME -> TIMESTAMPTZ_NAMES.contains(columnType) ? Optional.of(TimeValues.toText(TimeType.TIMESTAMPTZ, value.amount()))
                    : Optional.empty();
            case INT4, INT8 -> Optional.of(Long.toString(value.amount())).filter(text -> switch (columnType) {
                case "smallint", "integer", "bigint", "numeric" -> true;
                // Integers become floats by rounding; these are exact.
                case "double precision" -> Math.abs(value.amount()) < EXACT_IN_DOUBLE;
                case "real" -> Math.abs(value.amount()) < 1L << 24;
                default -> false;
            });
            case NUMERIC -> switch (columnType) {
                case "numeric" -> Optional.of(value.decimal().toPlainString());
                // PostgreSQL rounds the decimal once, to the nearest double (or float), as Java does.
                case "double precision" -> floating(value.decimal(), value.decimal().doubleValue());
                case "real" -> floating(value.decimal(), value.decimal().floatValue());
                default -> Optional.empty();
            };
            // An integer column rounds a float, a numeric one keeps 15 digits of it: both PostgreSQL's to do.
            case FLOAT8 -> switch (columnType) {
                case "double precision" -> Optional.of(Double.toString(value.real()));
                case "real" -> Float.isFinite((float) value.real()) && ((float) value.real() != 0 || value.real() == 0)
                        ? Optional.of(Double.toString((float) value.real())) : Optional.empty();
                default -> Optional.empty();
            };
            case INTERVAL -> Optional.empty();
        };
    }

    /** A decimal's float text; empty where PostgreSQL fails the conversion (overflow, or underflow to zero). */
    private static Optional<String> floating(BigDecimal decimal, double rounded) {
        boolean representable = Double.isFinite(rounded) && (rounded != 0 || decimal.signum() == 0);
        // A float's value printed as a double reads back as that float.
        return representable ? Optional.of(Double.toString(rounded)) : Optional.empty();
    }

    /** product (('+' | '-') product)* */
    private Value sum() {
        Value value = product();
        while (isOperator("+") || isOperator("-")) {
            boolean plus = tokens.get(position++).text().equals("+");
            value = plus ? add(value, product()) : add(value, negate(product()));
        }
        return value;
    }

    /** unary (('*' | '/' | '%') unary)* */
    private Value product() {
        Value value = unary();
        while (isOperator("*") || isOperator("/") || isOperator("%")) {
            String operator = tokens.get(position++).text();
            Value right = unary();
            value = operator.equals("*") ? multiply(value, right) : divide(value, right, operator.equals("%"));
        }
        return value;
    }

    /** ['-' | '+'] primary: PostgreSQL's unary minus binds tighter than multiplication. */
    private Value unary() {
        if (isOperator("-")) {
            position++;
            return negate(unary());
        }
        if (isOperator("+")) {
            position++;
            return unary();
        }
        return primary();
    }

    private Value primary() {
        SqlToken token = next();
        switch (token.kind()) {
            case NUMBER -> {
                return number(token.text());
            }
            case PARAMETER -> {
                return parameter(Integer.parseInt(token.text().substring(1)));
            }
            case STRING -> {
                String text = SqlText.stringValue(token);
                require(isOperator("::"));
                position++;
                return typed(typeName(), text);
            }
            case OPEN -> {
                Value value = sum();
                require(next().kind() == SqlToken.Kind.CLOSE);
                return value;
            }
            case WORD -> {
                return word(token);
            }
            default -> throw new Unsupported();
        }
    }

    private Value word(SqlToken token) {
        String word = token.text().toLowerCase(Locale.ROOT);
        if (word.equals("current_timestamp")) {
            return now();
        }
        if ((word.equals("now") || word.equals("transaction_timestamp")) && isKind(SqlToken.Kind.OPEN)) {
            position++;
            require(next().kind() == SqlToken.Kind.CLOSE);
            return now();
        }
        if (word.equals("cast") && isKind(SqlToken.Kind.OPEN)) {
            position++;
            SqlToken string = next();
            require(string.kind() == SqlToken.Kind.STRING && next().isKeyword("as"));
            String type = typeName();
            require(next().kind() == SqlToken.Kind.CLOSE);
            return typed(type, SqlText.stringValue(string));
        }
        position--;
        String type = typeName();
        SqlToken string = next();
        require(string.kind() == SqlToken.Kind.STRING);
        return typed(type, SqlText.stringValue(string));
    }

    private Value now() {
        require(now.isPresent());
        return new Value(Kind.TIME, now.getAsLong());
    }

    /** A type name of one word, {@code timestamp with time zone} or {@code double precision}, in lower case. */
    private String typeName() {
        SqlToken first = next();
        require(first.kind() == SqlToken.Kind.WORD);
        String name = first.text().toLowerCase(Locale.ROOT);
        if (name.equals("timestamp") && position + 2 < end && tokens.get(position).isKeyword("with")
                && tokens.get(position + 1).isKeyword("time") && tokens.get(position + 2).isKeyword("zone")) {
            position += 3;
            return "timestamp with time zone";
        }
        if (name.equals("double") && position < end && tokens.get(position).isKeyword("precision")) {
            position++;
            return "double precision";
        }
        return name;
    }

    private Value typed(String type, String text) {
        if (TIMESTAMPTZ_NAMES.contains(type)) {
            OptionalLong time = TimeValues.parseText(TimeType.TIMESTAMPTZ, text, zone);
            require(time.isPresent());
            return time(time.getAsLong());
        }
        if (type.equals("interval")) {
            return new Value(Kind.INTERVAL, IntervalText.microseconds(text).orElseThrow(Unsupported::new));
        }
        if (INT4_NAMES.contains(type) || INT8_NAMES.contains(type)) {
            long value = integerText(text.strip());
            require(INT8_NAMES.contains(type) || value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE);
            return new Value(INT8_NAMES.contains(type) ? Kind.INT8 : Kind.INT4, value);
        }
        if (FLOAT8_NAMES.contains(type)) {
            return float8Text(text.strip());
        }
        throw new Unsupported();
    }

    /** A numeric constant: int4 when it is an integer that fits, else int8, else numeric (as PostgreSQL types it). */
    private static Value number(String text) {
        if (text.chars().allMatch(Character::isDigit) && text.length() <= 18) {
            long value = Long.parseLong(text);
            return new Value(value <= Integer.MAX_VALUE ? Kind.INT4 : Kind.INT8, value);
        }
        require(text.length() <= 40);
        BigDecimal decimal = new BigDecimal(text);
        // '1e3' is 1000 to PostgreSQL, without a negative scale.
        return Value.numeric(decimal.scale() < 0 ? decimal.setScale(0) : decimal);
    }

    /**
     * A parameter of type int4, int8, float8 or numeric, or untyped (then read as int4, as
     * PostgreSQL resolves it beside an integer; a value that is not one is PostgreSQL's to read).
     */
    private Value parameter(int number) {
        require(number >= 1 && number <= parameters.size() && parameters.get(number - 1) != null);
        int type = number <= parameterTypes.size() ? parameterTypes.get(number - 1) : 0;
        String text = parameters.get(number - 1).strip();
        switch (type) {
            case 0, 23 -> {
                long value = integerText(text);
                require(value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE);
                return new Value(Kind.INT4, value);
            }
            case 20 -> {
                return new Value(Kind.INT8, integerText(text));
            }
            case 701 -> {
                return float8Text(text);
            }
            case 1700 -> {
                require(text.length() <= 40 && text.matches("[+-]?\\d+(\\.\\d+)?"));
                return Value.numeric(new BigDecimal(text));
            }
            default -> throw new Unsupported();
        }
    }

    private static Value float8Text(String text) {
        require(DECIMAL.matcher(text).matches());
        double value = Double.parseDouble(text);
        require(value != 0 || !text.matches(".*[1-9].*")); // an underflow to zero, which PostgreSQL fails
        return Value.float8(value);
    }

    /** [-]digits, as int4in and int8in read them (their other spellings are PostgreSQL's to read). */
    private static long integerText(String text) {
        int digits = text.startsWith("-") ? 1 : 0;
        require(text.length() > digits && text.length() <= 18 + digits);
        for (int i = digits; i < text.length(); i++) {
            require(Character.isDigit(text.charAt(i)));
        }
        return Long.parseLong(text);
    }

    private static boolean isFloat(Value left, Value right) {
        return left.isNumber() && right.isNumber() && (left.kind() == Kind.FLOAT8 || right.kind() == Kind.FLOAT8);
    }

    private static Value add(Value left, Value right) {
        if (isFloat(left, right)) {
            require(left.kind() != Kind.NUMERIC && right.kind() != Kind.NUMERIC); // numeric + float8: no such operator
            return Value.float8(left.asDouble() + right.asDouble());
        }
        if (left.isNumber() && right.isNumber() && (left.kind() == Kind.NUMERIC || right.kind() == Kind.NUMERIC)) {
            return Value.numeric(left.asDecimal().add(right.asDecimal()));
        }
        if (left.isInteger() && right.isInteger()) {
            return integerResult(left, right, Math.addExact(left.amount(), right.amount()));
        }
        if (left.kind() == Kind.TIME && right.kind() == Kind.INTERVAL || left.kind() == Kind.INTERVAL && right.kind() == Kind.TIME) {
            return time(Math.addExact(left.amount(), right.amount()));
        }
        require(left.kind() == Kind.INTERVAL && right.kind() == Kind.INTERVAL);
        return new Value(Kind.INTERVAL, Math.addExact(left.amount(), right.amount()));
    }

    /** Unary minus; also stands in for subtraction, where the time must be on the left. */
    private static Value negate(Value value) {
        require(value.kind() != Kind.TIME);
        if (value.kind() == Kind.NUMERIC) {
            return Value.numeric(value.decimal().negate());
        }
        if (value.kind() == Kind.FLOAT8) {
            return Value.float8(-value.real());
        }
        Value negated = new Value(value.kind(), Math.negateExact(value.amount()));
        return value.kind() == Kind.INT4 ? integerResult(negated, negated, negated.amount()) : negated;
    }

    private static Value multiply(Value left, Value right) {
        if (isFloat(left, right)) {
            require(left.kind() != Kind.NUMERIC && right.kind() != Kind.NUMERIC);
            return Value.float8(left.asDouble() * right.asDouble());
        }
        if (left.isNumber() && right.isNumber() && (left.kind() == Kind.NUMERIC || right.kind() == Kind.NUMERIC)) {
            return Value.numeric(left.asDecimal().multiply(right.asDecimal()));
        }
        if (left.isInteger() && right.isInteger()) {
            return integerResult(left, right, Math.multiplyExact(left.amount(), right.amount()));
        }
        Value interval = left.kind() == Kind.INTERVAL ? left : right;
        Value factor = interval == left ? right : left;
        require(interval.kind() == Kind.INTERVAL && (factor.isInteger() || factor.kind() == Kind.FLOAT8));
        require(Math.abs(interval.amount()) < EXACT_IN_DOUBLE);
        // interval_mul: the microseconds times the float8 factor, rounded to the nearest (months and days are none here).
        double product = Math.rint(interval.amount() * factor.asDouble());
        require(Math.abs(product) < EXACT_IN_DOUBLE);
        return new Value(Kind.INTERVAL, (long) product);
    }

    /** Integer division and remainder, truncating toward zero as PostgreSQL does. */
    private static Value divide(Value left, Value right, boolean remainder) {
        require(left.isInteger() && right.isInteger() && right.amount() != 0);
        long result = remainder ? left.amount() % right.amount() : Math.divideExact(left.amount(), right.amount());
        return integerResult(left, right, result);
    }

    /** int4 with int4 stays int4 (out of its range PostgreSQL fails: left to it); with an int8, int8. */
    private static Value integerResult(Value left, Value right, long result) {
        if (left.kind() == Kind.INT8 || right.kind() == Kind.INT8) {
            return new Value(Kind.INT8, result);
        }
        require(result >= Integer.MIN_VALUE && result <= Integer.MAX_VALUE);
        return new Value(Kind.INT4, result);
    }

    private static Value time(long micros) {
        require(micros >= EARLIEST && micros < LATEST);
        return new Value(Kind.TIME, micros);
    }

    private SqlToken next() {
        require(position < end);
        return tokens.get(position++);
    }

    private boolean isOperator(String text) {
        return position < end && tokens.get(position).kind() == SqlToken.Kind.OPERATOR && tokens.get(position).text().equals(text);
    }

    private boolean isKind(SqlToken.Kind kind) {
        return position < end && tokens.get(position).kind() == kind;
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new Unsupported();
        }
    }
}
