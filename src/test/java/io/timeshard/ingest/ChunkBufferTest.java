package io.timeshard.ingest;

import io.timeshard.catalog.Chunk;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkBufferTest {
    private static final Chunk CHUNK = new Chunk(1, 1, "_timeshard_internal", "_dist_hyper_1_1_chunk", 0, 100, 0, Chunk.HASH_SPACE_END,
            List.of("dn1"));

    @Test
    void groupsRowsBySpaceHashLastFirstKeepingTheirRowNumbers() {
        ChunkBuffer buffer = new ChunkBuffer(CHUNK, 4, -1);
        String[] rows = {"a1;", "bb1;", "a2;", "ccc1;", "bb2;", "a3;"};
        int[] hashes = {7, 3, 7, Integer.MAX_VALUE, 3, 7};
        for (int i = 0; i < rows.length; i++) {
            byte[] row = ("xx" + rows[i]).getBytes(StandardCharsets.US_ASCII);
            buffer.add(hashes[i], row, 2, row.length, 10 + i);
        }
        ChunkBuffer.Batch batch = buffer.take();
        assertThat(new String(batch.data(), 0, batch.length(), StandardCharsets.US_ASCII)).isEqualTo("bb2;bb1;a3;a2;a1;ccc1;");
        assertThat(Arrays.copyOf(batch.rowNumbers(), batch.rows())).containsExactly(14, 11, 15, 12, 10, 13);
        assertThat(batch.clientRowNumber(3)).isEqualTo(15);
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void putsBinaryGroupsInTheOrderOfTheirSpaceValues() {
        ChunkBuffer buffer = new ChunkBuffer(CHUNK, 64, 1);
        String[] locations = {"b", "a", "c", "b", "a"};
        int[] hashes = {1, 2, 0, 1, 2};
        for (int i = 0; i < locations.length; i++) {
            byte[] row = binaryRow(i, locations[i]);
            buffer.add(hashes[i], row, 0, row.length, i + 1);
        }
        ChunkBuffer.Batch batch = buffer.take();
        assertThat(Arrays.copyOf(batch.rowNumbers(), batch.rows())).containsExactly(5, 2, 4, 1, 3);
        assertThat(batch.data()).startsWith(binaryRow(4, "a"));
    }

    /** Two fields, as binary COPY sends them: an 8-byte number, then a text. */
    private static byte[] binaryRow(long number, String text) {
        ByteBuffer row = ByteBuffer.allocate(2 + 4 + 8 + 4 + text.length());
        row.putShort((short) 2).putInt(8).putLong(number).putInt(text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return row.array();
    }

    @Test
    void reversesRowsWithoutASpaceDimension() {
        ChunkBuffer buffer = new ChunkBuffer(CHUNK, 64, -1);
        buffer.add(0, "r1;".getBytes(StandardCharsets.US_ASCII), 0, 3, 1);
        buffer.add(0, "r2;".getBytes(StandardCharsets.US_ASCII), 0, 3, 2);
        ChunkBuffer.Batch batch = buffer.take();
        assertThat(new String(batch.data(), 0, batch.length(), StandardCharsets.US_ASCII)).isEqualTo("r2;r1;");
        assertThat(Arrays.copyOf(batch.rowNumbers(), batch.rows())).containsExactly(2, 1);
        buffer.add(0, "r3;".getBytes(StandardCharsets.US_ASCII), 0, 3, 3);
        assertThat(new String(buffer.take().data(), StandardCharsets.US_ASCII)).isEqualTo("r3;");
    }
}
