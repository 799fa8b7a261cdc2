package io.timeshard.partition;

import static java.util.Objects.requireNonNull;

/** Austin Appleby's MurmurHash3, x86 32-bit variant (public domain), written from its description. */
final class MurmurHash3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private MurmurHash3() {}

    static int hash32(byte[] data, int seed) {
        requireNonNull(data, "data is null");
        return hash32(data, 0, data.length, seed);
    }

    /** The hash of data[start, start + length). */
    static int hash32(byte[] data, int start, int length, int seed) {
        int hash = seed;
        int blockEnd = start + (length & ~3);
        for (int offset = start; offset < blockEnd; offset += 4) {
            // Blocks are read little-endian, as on x86.
            int block = (data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8
                    | (data[offset + 2] & 0xff) << 16 | (data[offset + 3] & 0xff) << 24;
            hash ^= mixBlock(block);
            hash = Integer.rotateLeft(hash, 13) * 5 + 0xe6546b64;
        }
        int remaining = start + length - blockEnd;
        if (remaining > 0) {
            int tail = 0;
            for (int index = remaining - 1; index >= 0; index--) {
                tail = tail << 8 | data[blockEnd + index] & 0xff;
            }
            hash ^= mixBlock(tail);
        }
        return finalMix(hash ^ length);
    }

    private static int mixBlock(int block) {
        return Integer.rotateLeft(block * C1, 15) * C2;
    }

    /** fmix32: makes every input bit affect every output bit. */
    private static int finalMix(int hash) {
        int mixed = hash;
        mixed ^= mixed >>> 16;
        mixed *= 0x85ebca6b;
        mixed ^= mixed >>> 13;
        mixed *= 0xc2b2ae35;
        mixed ^= mixed >>> 16;
        return mixed;
    }
}
