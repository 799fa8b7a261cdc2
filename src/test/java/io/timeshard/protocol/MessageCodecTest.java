package io.timeshard.protocol;

import io.timeshard.error.TimeshardException;
import io.timeshard.protocol.FrontendMessages.Bind;
import io.timeshard.protocol.FrontendMessages.Execute;
import io.timeshard.protocol.FrontendMessages.Parse;
import io.timeshard.protocol.FrontendMessages.Target;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {
    @Test
    void framesMessagesWithTypeAndLength() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageStream writer = new MessageStream(new ByteArrayInputStream(new byte[0]), out, 1000);
        writer.write(BackendMessages.commandComplete("SELECT 1"));
        writer.flush();
        byte[] bytes = out.toByteArray();
        assertThat(bytes[0]).isEqualTo((byte) 'C');
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0, 13);
        assertThat(new String(bytes, 5, 8, StandardCharsets.UTF_8)).isEqualTo("SELECT 1");

        PgMessage read = new MessageStream(new ByteArrayInputStream(bytes), OutputStreamSink.INSTANCE, 1000).read();
        assertThat(read.typeChar()).isEqualTo('C');
        assertThat(read.reader().readCString()).isEqualTo("SELECT 1");
    }

    @Test
    void rejectsOversizedAndNegativeLengths() {
        byte[] oversized = {'Q', 0x7f, 0, 0, 0};
        assertThatThrownBy(() -> new MessageStream(new ByteArrayInputStream(oversized), OutputStreamSink.INSTANCE, 1000).read())
                .isInstanceOf(TimeshardException.class).hasMessageContaining("invalid message length");
        byte[] negative = {'Q', (byte) 0xff, 0, 0, 0};
        assertThatThrownBy(() -> new MessageStream(new ByteArrayInputStream(negative), OutputStreamSink.INSTANCE, 1000).read())
                .isInstanceOf(TimeshardException.class);
    }

    @Test
    void rejectsMessagesCutShort() {
        byte[] truncated = {'Q', 0, 0, 0, 10, 'a'};
        assertThatThrownBy(() -> new MessageStream(new ByteArrayInputStream(truncated), OutputStreamSink.INSTANCE, 1000).read())
                .isInstanceOf(TimeshardException.class).hasMessageContaining("unexpected end");
    }

    @Test
    void roundTripsExtendedProtocolMessages() {
        Parse parse = new Parse("s1", "SELECT $1::int", List.of(23));
        assertThat(Parse.decode(parse.encode())).isEqualTo(parse);

        Bind bind = new Bind("p1", "s1", List.of((short) 1), Arrays.asList(new byte[] {0, 0, 0, 7}, null), List.of((short) 0, (short) 1));
        Bind decoded = Bind.decode(bind.encode());
        assertThat(decoded.portalName()).isEqualTo("p1");
        assertThat(decoded.parameters().get(0)).containsExactly(0, 0, 0, 7);
        assertThat(decoded.parameters().get(1)).isNull();
        assertThat(decoded.parameterFormat(1)).isEqualTo((short) 1);
        assertThat(decoded.resultFormat(1)).isEqualTo((short) 1);

        assertThat(Execute.decode(new Execute("p1", 50).encode())).isEqualTo(new Execute("p1", 50));
        assertThat(Target.decode(new Target('S', "s1").encode('D'))).isEqualTo(new Target('S', "s1"));
    }

    @Test
    void rejectsUnterminatedStringsAndBadDescribeKinds() {
        assertThatThrownBy(() -> new PayloadReader("abc".getBytes(StandardCharsets.UTF_8)).readCString())
                .isInstanceOf(TimeshardException.class).hasMessageContaining("not terminated");
        PgMessage badDescribe = new PayloadWriter().byte1('X').cString("").toMessage('D');
        assertThatThrownBy(() -> Target.decode(badDescribe)).isInstanceOf(TimeshardException.class);
    }

    @Test
    void encodesErrorFieldsWithSqlState() {
        TimeshardException error = TimeshardException.of(io.timeshard.error.ErrorCode.NOT_NULL_VIOLATION, "null time")
                .withHint("give a time");
        ErrorFields fields = ErrorFields.decode(BackendMessages.error(error));
        assertThat(fields.sqlState()).isEqualTo("23502");
        assertThat(fields.message()).isEqualTo("null time");
        assertThat(fields.get(ErrorFields.HINT)).isEqualTo("give a time");
        assertThat(fields.get(ErrorFields.SEVERITY)).isEqualTo("ERROR");
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }
}
