package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.partition.HashSlice;
import io.timeshard.partition.TimeSlice;

import java.util.List;

/**
 * The ranges of a new chunk: its time slice and hash slice, cut back where chunks made under
 * an earlier interval or partition count already cover part of them, so chunks never overlap.
 */
record NewChunkBounds(long timeStart, long timeEnd, long hashStart, long hashEnd) {
    static NewChunkBounds fit(TimeSlice slice, HashSlice hashSlice, long time, int hash, List<Chunk> neighbours) {
        long hashStart = hashSlice.start();
        long hashEnd = hashSlice.end();
        // First the hash range, against chunks covering this very time ...
        for (Chunk chunk : neighbours) {
            if (chunk.rangeStart() <= time && time < chunk.rangeEnd()) {
                if (chunk.hashEnd() <= hash) {
                    hashStart = Math.max(hashStart, chunk.hashEnd());
                } else if (chunk.hashStart() > hash) {
                    hashEnd = Math.min(hashEnd, chunk.hashStart());
                }
            }
        }
        // ... then the time range, against chunks sharing part of that hash range.
        long timeStart = slice.start();
        long timeEnd = slice.end();
        for (Chunk chunk : neighbours) {
            if (chunk.hashStart() < hashEnd && hashStart < chunk.hashEnd()) {
                if (chunk.rangeEnd() <= time) {
                    timeStart = Math.max(timeStart, chunk.rangeEnd());
                } else if (chunk.rangeStart() > time) {
                    timeEnd = Math.min(timeEnd, chunk.rangeStart());
                }
            }
        }
        return new NewChunkBounds(timeStart, timeEnd, hashStart, hashEnd);
    }
}
