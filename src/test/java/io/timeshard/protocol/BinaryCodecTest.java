package io.timeshard.protocol;

import io.timeshard.error.TimeshardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinaryCodecTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "16|t", "16|f",
            "21|-32768", "23|2147483647", "20|-9223372036854775808",
            "701|1.5", "701|-0.001", "701|Infinity", "701|NaN", "700|3.25",
            "25|héllo wörld", "1043|varchar text",
            "1700|0", "1700|1", "1700|-1", "1700|12345.6789", "1700|0.0001", "1700|100000000", "1700|-42.50",
            "1700|123456789012345678901234567890.123456789", "1700|NaN", "1700|0.00",
            "1082|2024-01-01", "1082|2000-01-01", "1082|1999-12-31", "1082|infinity",
            "1114|2024-01-01 00:00:00", "1114|2024-02-29 13:45:07.123456", "1114|1970-01-01 00:00:00.5",
            "1184|2024-01-01 00:00:00+00", "1184|1999-12-31 23:59:59.999999+00",
            "2950|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "17|\\x00ff10"})
    void textSurvivesBinaryRoundTrip(int typeOid, String text) {
        assertThat(BinaryCodec.binaryToText(typeOid, BinaryCodec.textToBinary(typeOid, text))).isEqualTo(text);
    }

    @Test
    void encodesTimestampsAsMicrosecondsSince2000() {
        assertThat(ByteBuffer.wrap(BinaryCodec.textToBinary(PgType.TIMESTAMP.oid(), "2000-01-02 00:00:01")).getLong())
                .isEqualTo(86_401_000_000L);
        assertThat(ByteBuffer.wrap(BinaryCodec.textToBinary(PgType.TIMESTAMPTZ.oid(), "2000-01-01 02:00:00+02")).getLong()).isZero();
        assertThat(ByteBuffer.wrap(BinaryCodec.textToBinary(PgType.TIMESTAMPTZ.oid(), "2000-01-01 05:30:00+05:30")).getLong()).isZero();
        assertThat(ByteBuffer.wrap(BinaryCodec.textToBinary(PgType.DATE.oid(), "1999-12-31")).getInt()).isEqualTo(-1);
    }

    @Test
    void encodesNumericInBase10000Groups() {
        // 12345.6789 = [1, 2345] . [6789]: ndigits 3, weight 1, positive, dscale 4
        assertThat(HexFormat.of().formatHex(BinaryCodec.textToBinary(PgType.NUMERIC.oid(), "12345.6789")))
                .isEqualTo("0003" + "0001" + "0000" + "0004" + "0001" + "0929" + "1a85");
        // -0.5 = [5000] at weight -1, negative, dscale 1
        assertThat(HexFormat.of().formatHex(BinaryCodec.textToBinary(PgType.NUMERIC.oid(), "-0.5")))
                .isEqualTo("0001" + "ffff" + "4000" + "0001" + "1388");
    }

    @Test
    void binaryFloatParametersBecomeParseableText() {
        byte[] value = ByteBuffer.allocate(8).putDouble(1e20).array();
        assertThat(Double.parseDouble(BinaryCodec.binaryToText(PgType.FLOAT8.oid(), value))).isEqualTo(1e20);
    }

    @Test
    void rejectsTruncatedBinaryValues() {
        assertThatThrownBy(() -> BinaryCodec.binaryToText(PgType.INT8.oid(), new byte[3]))
                .isInstanceOf(TimeshardException.class).hasMessageContaining("insufficient data");
    }

    @Test
    void reportsUnsupportedTypes() {
        assertThat(BinaryCodec.supports(PgType.INTERVAL.oid())).isFalse();
        assertThatThrownBy(() -> BinaryCodec.textToBinary(PgType.INTERVAL.oid(), "1 day"))
                .isInstanceOf(TimeshardException.class).hasMessageContaining("not supported");
    }
}
