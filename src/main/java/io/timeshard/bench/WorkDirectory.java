package io.timeshard.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a benchmark keeps its scratch servers: a fresh temporary directory deleted at the end, or a
 * directory the user named (which must be empty or missing) and which is kept.
 */
final class WorkDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);

    private final Path path;
    private final boolean deleteOnClose;

    private WorkDirectory(Path path, boolean deleteOnClose) {
        this.path = path;
        this.deleteOnClose = deleteOnClose;
    }

    static WorkDirectory create(Optional<Path> requested) {
        try {
            if (requested.isPresent()) {
                Path path = requested.get().toAbsolutePath();
                if (Files.exists(path)) {
                    requireEmpty(path);
                } else {
                    Files.createDirectories(path);
                    makeTraversable(path);
                }
                return new WorkDirectory(path, false);
            }
            Path path = Files.createTempDirectory("timeshard-bench-");
            makeTraversable(path);
            return new WorkDirectory(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark's work directory: " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        if (!deleteOnClose) {
            LOG.info("kept the benchmark's servers' data in {}", path);
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the work directory {}: {}", path, e.getMessage());
        }
    }

    /** Under root, PostgreSQL runs as "nobody", which must be able to reach the data directories inside. */
    private static void makeTraversable(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void requireEmpty(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("the work directory is not a directory: " + path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("the work directory must be empty, so the benchmark starts from fresh servers: " + path);
            }
        }
    }
}
