package io.timeshard.protocol;

/** The client side of a connection, as the session sees it. Implemented by the wire layer. */
public interface ClientChannel {
    /** The next message from the client; null when the client has gone. */
    PgMessage read();

    void send(PgMessage message);

    void flush();
}
