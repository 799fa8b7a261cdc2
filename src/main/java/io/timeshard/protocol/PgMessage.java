package io.timeshard.protocol;

import static java.util.Objects.requireNonNull;

/** One framed protocol message: its type byte and its payload (without the length word). */
public record PgMessage(byte type, byte[] payload) {
    public PgMessage {
        requireNonNull(payload, "payload is null");
    }

    public char typeChar() {
        return (char) type;
    }

    public PayloadReader reader() {
        return new PayloadReader(payload);
    }

    public PayloadReader reader(ClientEncoding encoding) {
        return new PayloadReader(payload, encoding);
    }
}
