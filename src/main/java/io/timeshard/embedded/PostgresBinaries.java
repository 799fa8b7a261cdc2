package io.timeshard.embedded;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgreSQL binaries to run: a local installation (--pg-home), or the ones bundled from Maven
 * Central, unpacked once into the temporary directory where any user (also "nobody") can run them.
 */
public final class PostgresBinaries {
    private static final String BUNDLED_ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final Object UNPACK_LOCK = new Object();

    private PostgresBinaries() {}

    /** The directory holding bin/initdb and bin/postgres. */
    public static Path home(Optional<Path> pgHome) {
        if (pgHome.isPresent()) {
            Path home = pgHome.get().toAbsolutePath();
            if (!Files.isExecutable(home.resolve("bin/postgres")) || !Files.isExecutable(home.resolve("bin/initdb"))) {
                throw new IllegalArgumentException("no PostgreSQL installation in " + home + ": bin/postgres and bin/initdb are missing");
            }
            return home;
        }
        synchronized (UNPACK_LOCK) {
            return unpackBundled();
        }
    }

    private static Path unpackBundled() {
        try {
            Path target = Path.of(System.getProperty("java.io.tmpdir"), "timeshard-postgres-" + archiveDigest());
            if (Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            Path staging = Files.createTempDirectory(target.getParent(), "timeshard-postgres-unpacking-");
            try (InputStream in = archive(); TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    unpackEntry(staging, tar, entry);
                }
            }
            Files.setPosixFilePermissions(staging, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                // another process unpacked the same archive first
                deleteTree(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled PostgreSQL binaries: " + e.getMessage(), e);
        }
    }

    private static void unpackEntry(Path root, TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
            Files.createDirectories(path.getParent());
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            return;
        } else {
            Files.createDirectories(path.getParent());
            Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(path, readableByAll(entry.getMode()));
    }

    /** The archive's modes, plus read (and execute where the owner has it) for everyone. */
    private static Set<PosixFilePermission> readableByAll(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }

    private static String archiveDigest() throws IOException {
        try (InputStream in = new DigestInputStream(archive(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream archive() {
        InputStream in = PostgresBinaries.class.getResourceAsStream(BUNDLED_ARCHIVE);
        if (in == null) {
            throw new IllegalStateException("the bundled PostgreSQL binaries (" + BUNDLED_ARCHIVE + ") are not on the class path");
        }
        return new BufferedInputStream(in, 1 << 16);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
