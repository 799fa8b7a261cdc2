package io.timeshard.session;

import io.timeshard.protocol.ClientChannel;
import io.timeshard.protocol.PgMessage;

import java.util.ArrayList;
import java.util.List;

/** A statement's messages to the client, held back until it committed, so that it can run again instead. */
final class HeldMessages implements ClientChannel {
    private final ClientChannel client;
    private final List<PgMessage> held = new ArrayList<>();

    HeldMessages(ClientChannel client) {
        this.client = client;
    }

    @Override
    public PgMessage read() {
        return client.read();
    }

    @Override
    public void send(PgMessage message) {
        held.add(message);
    }

    @Override
    public void flush() {
        // until release()
    }

    /** Sends what was held: the statement committed. */
    void release() {
        held.forEach(client::send);
        held.clear();
    }
}
