package io.timeshard.protocol;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static java.util.Objects.requireNonNull;

/**
 * A client_encoding, for the text the access node reads from or writes to a client (and to the
 * client's home session, which speaks the same encoding). Converted by the JDK's charset where its
 * table equals PostgreSQL's, byte for byte (checked by ClientEncodingIntegrationTest); in the other
 * encodings only ASCII text can be converted, anything else is refused rather than guessed.
 */
public final class ClientEncoding {
    public static final ClientEncoding UTF8 = new ClientEncoding("UTF8", Optional.of(StandardCharsets.UTF_8));

    /** PostgreSQL's encodings whose conversion from and to UTF8 the JDK reproduces exactly. */
    private static final Map<String, String> EXACT_CHARSETS = Map.ofEntries(
            entry("LATIN1", "ISO-8859-1"), entry("LATIN2", "ISO-8859-2"), entry("LATIN3", "ISO-8859-3"),
            entry("LATIN4", "ISO-8859-4"), entry("LATIN5", "ISO-8859-9"), entry("LATIN7", "ISO-8859-13"),
            entry("LATIN9", "ISO-8859-15"), entry("LATIN10", "ISO-8859-16"), entry("ISO_8859_5", "ISO-8859-5"),
            entry("ISO_8859_6", "ISO-8859-6"), entry("ISO_8859_7", "ISO-8859-7"), entry("ISO_8859_8", "ISO-8859-8"),
            entry("WIN1250", "windows-1250"), entry("WIN1251", "windows-1251"), entry("WIN1252", "windows-1252"),
            entry("WIN1253", "windows-1253"), entry("WIN1254", "windows-1254"), entry("WIN1255", "windows-1255"),
            entry("WIN1256", "windows-1256"), entry("WIN1257", "windows-1257"), entry("WIN1258", "windows-1258"),
            entry("WIN866", "IBM866"), entry("WIN874", "x-windows-874"), entry("KOI8R", "KOI8-R"), entry("KOI8U", "KOI8-U"),
            entry("EUC_CN", "GB2312"), entry("EUC_KR", "EUC-KR"));
    /** The other encodings PostgreSQL accepts as client_encoding: ASCII text only. */
    private static final List<String> ASCII_ONLY = List.of("EUC_JP", "EUC_TW", "EUC_JIS_2004", "MULE_INTERNAL",
            "LATIN6", "LATIN8", "SJIS", "SHIFT_JIS_2004", "BIG5", "GBK", "UHC", "JOHAB", "GB18030");
    /** Spellings PostgreSQL also accepts, keyed without case, dashes and underscores. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            entry("UNICODE", "UTF8"), entry("ISO88591", "LATIN1"), entry("ISO88592", "LATIN2"), entry("ISO88593", "LATIN3"),
            entry("ISO88594", "LATIN4"), entry("ISO88599", "LATIN5"), entry("ISO885910", "LATIN6"), entry("ISO885913", "LATIN7"),
            entry("ISO885914", "LATIN8"), entry("ISO885915", "LATIN9"), entry("ISO885916", "LATIN10"),
            entry("WINDOWS1250", "WIN1250"), entry("WINDOWS1251", "WIN1251"), entry("WINDOWS1252", "WIN1252"),
            entry("WINDOWS1253", "WIN1253"), entry("WINDOWS1254", "WIN1254"), entry("WINDOWS1255", "WIN1255"),
            entry("WINDOWS1256", "WIN1256"), entry("WINDOWS1257", "WIN1257"), entry("WINDOWS1258", "WIN1258"),
            entry("WIN", "WIN1251"), entry("ALT", "WIN866"), entry("WINDOWS866", "WIN866"), entry("WINDOWS874", "WIN874"),
            entry("KOI8", "KOI8R"), entry("SHIFTJIS", "SJIS"), entry("MSKANJI", "SJIS"), entry("WINDOWS932", "SJIS"),
            entry("WINDOWS950", "BIG5"), entry("WINDOWS936", "GBK"), entry("CP936", "GBK"),
            entry("WINDOWS949", "UHC"), entry("TCVN", "WIN1258"), entry("TCVN5712", "WIN1258"), entry("VSCII", "WIN1258"),
            entry("ABC", "WIN1258"), entry("MULEINTERNAL", "MULE_INTERNAL"));

    private final String name;
    private final Optional<Charset> charset;

    private ClientEncoding(String name, Optional<Charset> charset) {
        this.name = requireNonNull(name, "name is null");
        this.charset = requireNonNull(charset, "charset is null");
    }

    /** The encoding PostgreSQL calls {@code name} (any spelling it accepts); empty for a name it does not know. */
    public static Optional<ClientEncoding> find(String name) {
        String key = name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        String canonical = ALIASES.get(key);
        if (canonical == null) {
            canonical = Stream.of(Stream.of("UTF8", "SQL_ASCII"), EXACT_CHARSETS.keySet().stream(), ASCII_ONLY.stream()).flatMap(names -> names)
                    .filter(candidate -> candidate.replace("_", "").equals(key)).findFirst().orElse(null);
        }
        if (canonical == null) {
            return Optional.empty();
        }
        if (canonical.equals("UTF8")) {
            return Optional.of(UTF8);
        }
        // No conversion in SQL_ASCII: the bytes are the database's, which is UTF8 here.
        Optional<Charset> charset = canonical.equals("SQL_ASCII") ? Optional.of(StandardCharsets.UTF_8)
                : Optional.ofNullable(EXACT_CHARSETS.get(canonical)).map(Charset::forName);
        return Optional.of(new ClientEncoding(canonical, charset));
    }

    /** The encoding of a client_encoding as the home database reports it; UTF8 when it is not given. */
    public static ClientEncoding named(String name) {
        return name == null ? UTF8 : find(name).orElseThrow(() -> TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                "unknown client_encoding \"" + name + "\""));
    }

    public String name() {
        return name;
    }

    /** True when the client's text is UTF-8 as it stands (UTF8, or SQL_ASCII over a UTF8 database). */
    public boolean isUtf8() {
        return charset.map(StandardCharsets.UTF_8::equals).orElse(false);
    }

    public String decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** The text of bytes in this encoding; invalid or unconvertible bytes fail as PostgreSQL fails them. */
    public String decode(byte[] data, int offset, int length) {
        if (charset.isEmpty()) {
            requireAscii(data, offset, length);
            return new String(data, offset, length, StandardCharsets.US_ASCII);
        }
        if (isUtf8()) {
            String text = new String(data, offset, length, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) {
                return text; // valid, the common case: the strict decoder below finds what was replaced
            }
        }
        CharsetDecoder decoder = decoder();
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(length * (double) decoder.maxCharsPerByte()) + 1);
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw decodingError(data, in.position(), offset + length, result);
        }
        return out.flip().toString();
    }

    /** The bytes of {@code text} in this encoding; a character it cannot hold fails as PostgreSQL fails it (22P05). */
    public byte[] encode(String text) {
        if (isUtf8()) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (charset.isEmpty()) {
            requireAscii(text);
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        try {
            ByteBuffer bytes = charset.get().newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] result = new byte[bytes.remaining()];
            bytes.get(result);
            return result;
        } catch (CharacterCodingException e) {
            throw untranslatable(firstUnmappable(text));
        }
    }

    /** Like {@link #encode} but with '?' for what this encoding cannot hold: for messages, which must reach the client. */
    public byte[] encodeLeniently(String text) {
        if (charset.isEmpty()) {
            return text.chars().map(c -> c < 0x80 ? c : '?').collect(StringBuilder::new, StringBuilder::appendCodePoint,
                    StringBuilder::append).toString().getBytes(StandardCharsets.US_ASCII);
        }
        return text.getBytes(charset.get());
    }

    /** A converter of a byte stream in this encoding into UTF-8, for COPY data that arrives in pieces. */
    public Utf8Stream toUtf8Stream() {
        return new Utf8Stream();
    }

    /**
     * Converts consecutive pieces of a stream to UTF-8; a character split between pieces is
     * completed by the next one. Counts lines so that an error can name the line it is on.
     */
    public final class Utf8Stream {
        private final CharsetDecoder decoder = charset.isPresent() ? decoder() : null;
        private byte[] carried = new byte[0];
        private long lines = 1;

        /** The 1-based line the next unconverted byte is on. */
        public long line() {
            return lines;
        }

        public byte[] convert(byte[] piece) {
            byte[] data = carried.length == 0 ? piece : concat(carried, piece);
            if (decoder == null) {
                requireAscii(data, 0, data.length);
                countLines(data, 0, data.length);
                carried = new byte[0];
                return data;
            }
            ByteBuffer in = ByteBuffer.wrap(data);
            CharBuffer out = CharBuffer.allocate((int) Math.ceil(data.length * (double) decoder.maxCharsPerByte()) + 1);
            CoderResult result = decoder.decode(in, out, false);
            countLines(data, 0, in.position());
            if (result.isError()) {
                throw decodingError(data, in.position(), data.length, result);
            }
            carried = Arrays.copyOfRange(data, in.position(), data.length);
            return out.flip().toString().getBytes(StandardCharsets.UTF_8);
        }

        /** At the end of the stream: a character left incomplete is invalid. */
        public void finish() {
            if (carried.length > 0) {
                throw invalidBytes(carried, 0, carried.length);
            }
        }

        private void countLines(byte[] data, int from, int to) {
            for (int i = from; i < to; i++) {
                if (data[i] == '\n') {
                    lines++;
                }
            }
        }
    }

    private CharsetDecoder decoder() {
        return charset.orElseThrow().newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private TimeshardException decodingError(byte[] data, int position, int end, CoderResult result) {
        if (result.isUnmappable()) {
            return TimeshardException.of(ErrorCode.UNTRANSLATABLE_CHARACTER, "character with byte sequence "
                    + hexBytes(data, position, Math.min(end, position + result.length())) + " in encoding \"" + name
                    + "\" has no equivalent in encoding \"UTF8\"");
        }
        return invalidBytes(data, position, end);
    }

    /** PostgreSQL's report names the bytes of the character the first invalid byte would begin. */
    private TimeshardException invalidBytes(byte[] data, int position, int end) {
        int lead = data[position] & 0xff;
        int length = !isUtf8() ? (lead >= 0x80 ? 2 : 1)
                : lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xc0 && lead < 0xe0 ? 2 : 1;
        return TimeshardException.of(ErrorCode.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \""
                + (isUtf8() ? "UTF8" : name) + "\": "
                + hexBytes(data, position, Math.min(end, position + length)));
    }

    private TimeshardException untranslatable(int codePoint) {
        return TimeshardException.of(ErrorCode.UNTRANSLATABLE_CHARACTER, "character with byte sequence "
                + hexBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) + " in encoding \"UTF8\" has no equivalent in encoding \""
                + name + "\"");
    }

    private int firstUnmappable(String text) {
        CharsetEncoder encoder = charset.orElseThrow().newEncoder();
        return text.codePoints().filter(codePoint -> !encoder.canEncode(Character.toString(codePoint))).findFirst().orElse('?');
    }

    private void requireAscii(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (data[i] < 0) {
                throw notConvertible();
            }
        }
    }

    private void requireAscii(String text) {
        if (text.chars().anyMatch(c -> c >= 0x80)) {
            throw notConvertible();
        }
    }

    private TimeshardException notConvertible() {
        return TimeshardException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "timeshard cannot convert non-ASCII text between client_encoding \""
                + name + "\" and UTF8 for distributed hypertables")
                .withHint("Use client_encoding UTF8, or one of " + String.join(", ", new TreeSet<>(EXACT_CHARSETS.keySet())) + ".");
    }

    private static String hexBytes(byte[] data) {
        return hexBytes(data, 0, data.length);
    }

    private static String hexBytes(byte[] data, int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(i == from ? "" : " ").append("0x").append(HexFormat.of().toHexDigits(data[i]));
        }
        return text.toString();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientEncoding that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
