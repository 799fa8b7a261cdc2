package io.timeshard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** The figures of one ingest benchmark run and the machine they were taken on, as a table for people and JSON for tools. */
public record BenchmarkReport(int cores, String postgresVersion, long rows, int dataNodes, List<IngestMeasure> measures) {
    public BenchmarkReport {
        requireNonNull(postgresVersion, "postgresVersion is null");
        measures = List.copyOf(measures);
    }

    public void printTable(PrintStream out) {
        out.printf("timeshard ingest benchmark: %,d rows, %d data nodes, PostgreSQL %s, %d cores%n%n", rows, dataNodes, postgresVersion, cores);
        int width = "measure".length();
        for (IngestMeasure measure : measures) {
            width = Math.max(width, measure.description().length());
        }
        String row = "%-" + width + "s | %16s | %16s | %6s%n";
        out.printf(row, "measure", "timeshard rows/s", "plain rows/s", "ratio");
        out.println("-".repeat(width) + "-+-" + "-".repeat(16) + "-+-" + "-".repeat(16) + "-+-" + "-".repeat(6));
        for (IngestMeasure measure : measures) {
            out.printf(row, measure.description(), String.format("%,.0f", measure.timeshard().rowsPerSecond()),
                    String.format("%,.0f", measure.plain().rowsPerSecond()), String.format("%.2f", measure.ratio()));
        }
        out.flush();
    }

    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("benchmark", "ingest");
        root.put("cores", cores);
        root.put("postgres_version", postgresVersion);
        root.put("rows", rows);
        root.put("data_nodes", dataNodes);
        ArrayNode list = root.putArray("measures");
        for (IngestMeasure measure : measures) {
            ObjectNode node = list.addObject();
            node.put("measure", measure.name());
            node.put("description", measure.description());
            node.put("rows", measure.rows());
            node.put("timeshard_rows_per_second", Math.round(measure.timeshard().rowsPerSecond()));
            node.put("plain_rows_per_second", Math.round(measure.plain().rowsPerSecond()));
            node.put("ratio", rounded(measure.ratio()));
            node.put("timeshard_seconds", rounded(measure.timeshard().seconds()));
            node.put("plain_seconds", rounded(measure.plain().seconds()));
        }
        return root;
    }

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(file.toFile(), toJson(mapper));
    }

    private static double rounded(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
