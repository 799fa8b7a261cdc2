package io.timeshard.partition;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** Published reference values of MurmurHash3_x86_32, before SpaceHash masks the sign bit. */
class MurmurHash3Test {
    @Test
    void matchesReferenceValuesWithSeedZero() {
        assertThat(MurmurHash3.hash32(new byte[0], 0)).isZero();
        assertThat(MurmurHash3.hash32("hello".getBytes(UTF_8), 0)).isEqualTo(0x248bfa47);
        assertThat(MurmurHash3.hash32("The quick brown fox jumps over the lazy dog".getBytes(UTF_8), 0)).isEqualTo(0x2e4ff723);
        assertThat(MurmurHash3.hash32(new byte[4], 0)).isEqualTo(0x2362f9de);
    }

    @Test
    void matchesReferenceValuesWithOtherSeeds() {
        assertThat(MurmurHash3.hash32(new byte[0], 1)).isEqualTo(0x514e28b7);
        assertThat(MurmurHash3.hash32(new byte[0], 0xffffffff)).isEqualTo(0x81f16f39);
        assertThat(MurmurHash3.hash32("aaaa".getBytes(UTF_8), 0x9747b28c)).isEqualTo(0x5a97808a);
        assertThat(MurmurHash3.hash32("Hello, world!".getBytes(UTF_8), 0x9747b28c)).isEqualTo(0x24884cba);
        assertThat(MurmurHash3.hash32("The quick brown fox jumps over the lazy dog".getBytes(UTF_8), 0x9747b28c))
                .isEqualTo(0x2fa826cd);
    }

    @Test
    void treatsBytesAsUnsignedInBlocksAndTail() {
        // 0xff bytes would hash differently if sign-extended; value from Guava's murmur3_32_fixed.
        assertThat(MurmurHash3.hash32(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x80, (byte) 0xfe}, 0))
                .isEqualTo(0x15346b30);
    }
}
