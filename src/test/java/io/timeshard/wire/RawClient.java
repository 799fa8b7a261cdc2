package io.timeshard.wire;

import io.timeshard.protocol.MessageStream;
import io.timeshard.protocol.PayloadWriter;
import io.timeshard.protocol.PgMessage;
import io.timeshard.testing.TestCluster;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A minimal client speaking the v3 protocol directly, to the access node or to any PostgreSQL. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    final MessageStream stream;

    RawClient() throws IOException {
        this(TestCluster.get().port());
    }

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        stream = new MessageStream(socket.getInputStream(), socket.getOutputStream(), 1 << 24);
    }

    void startup() {
        startup("timeshard");
    }

    void startup(String database) {
        startup(database, Map.of());
    }

    void startup(String database, Map<String, String> parameters) {
        PayloadWriter packet = new PayloadWriter().int32(196608).cString("user").cString("postgres").cString("database").cString(database);
        parameters.forEach((name, value) -> packet.cString(name).cString(value));
        stream.writeStartupPacket(packet.byte1(0).toByteArray());
        stream.flush();
        readUntil('Z');
    }

    void send(PgMessage... messages) {
        for (PgMessage message : messages) {
            stream.write(message);
        }
        stream.flush();
    }

    List<PgMessage> readUntil(char type) {
        List<PgMessage> messages = new ArrayList<>();
        while (true) {
            PgMessage message = stream.read();
            assertThat(message).as("connection closed before '" + type + "'").isNotNull();
            messages.add(message);
            if (message.typeChar() == type) {
                return messages;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
