package io.timeshard.plan;

import io.timeshard.home.HomeConnection.StatementDescription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ShapeDescriptionsTest {
    private final ShapeDescriptions descriptions = new ShapeDescriptions();
    private final AtomicInteger atHome = new AtomicInteger();

    private void describe(String sql, List<Integer> parameterTypes, String encoding) {
        descriptions.describe(sql, parameterTypes, encoding, () -> {
            atHome.incrementAndGet();
            return new StatementDescription(Optional.empty(), parameterTypes);
        });
    }

    @Test
    void asksHomeOncePerShapeParameterTypesAndEncoding() {
        describe("SELECT count(*) FROM t WHERE d = 5 AND time > '2024-01-01'", List.of(), "UTF8");
        describe("SELECT count(*) FROM t WHERE d = 6 AND time > '2025-01-01'", List.of(), "UTF8");
        assertThat(atHome).hasValue(1);
        describe("SELECT count(*) FROM t WHERE d = 6000000000 AND time > '2025-01-01'", List.of(), "UTF8");
        describe("SELECT count(*) FROM t WHERE d = 6 AND time > '2025-01-01'", List.of(23), "UTF8");
        describe("SELECT count(*) FROM t WHERE d = 6 AND time > '2025-01-01'", List.of(), "LATIN1");
        assertThat(atHome).hasValue(4);
        descriptions.clear();
        describe("SELECT count(*) FROM t WHERE d = 5 AND time > '2024-01-01'", List.of(), "UTF8");
        assertThat(atHome).hasValue(5);
    }
}
