package io.timeshard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The figures of one benchmark run, as a table for people and as JSON for tools, both headed by what
 * BENCHMARK.md asks every figure to be quoted with (the {@link RunEnvironment}).
 */
public interface BenchmarkReport {
    /** The benchmark's name, e.g. {@code ingest}: in the table's headline and as the JSON's {@code benchmark}. */
    String benchmark();

    RunEnvironment environment();

    /** The table below the headline. */
    void printFigures(PrintStream out);

    /** Adds the figures to the JSON object that already holds the benchmark's name and environment. */
    void putFigures(ObjectNode root);

    default void printTable(PrintStream out) {
        out.println(environment().headline(benchmark()));
        printFigures(out);
        out.flush();
    }

    default ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("benchmark", benchmark());
        environment().putJson(root);
        putFigures(root);
        return root;
    }

    default void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(file.toFile(), toJson(mapper));
    }

    /** Rounds to three decimals, so the JSON shows the figures to the precision they have. */
    static double rounded(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
