package org.wardwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway runs only when the store's schema history does not end with the newest migration: the version
 * the store checks for is the newest file's, an up-to-date store opens without Flyway (a history Flyway's
 * own validation would refuse still opens), and a store without that history goes through Flyway.
 */
class StoreMigrationTest {
    private static final Path MIGRATIONS = Path.of("src/main/resources/org/wardwatch/store/migration");

    @TempDir
    Path dir;

    @Test
    void theCheckedVersionIsTheNewestMigrationFilesVersion() throws Exception {
        Pattern name = Pattern.compile("V([0-9._]+)__.+\\.sql");
        List<String> versions;
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            versions = files.map(p -> name.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '.')).sorted(Comparator.comparing(StoreMigrationTest::numeric)).toList();
        }
        assertThat(versions).isNotEmpty();
        assertThat(Store.SCHEMA_VERSION).isEqualTo(versions.get(versions.size() - 1));
    }

    @Test
    void anUpToDateStoreOpensWithoutFlywayAndOneWithoutHistoryGoesThroughIt() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("wardwatch.db").toAbsolutePath();
        assertThat(Store.current(url, null, null, null)).as("a new store").isFalse();
        try (Store s = Store.embedded(dir)) {
            s.upsertDevices(List.of(Fixtures.device("mac-1", 1, "10.0.0.1", null, 0)), Fixtures::merge, null);
        }
        assertThat(Store.current(url, null, null, null)).isTrue();

        execute(url, "UPDATE flyway_schema_history SET checksum = checksum + 1");
        try (Store s = Store.embedded(dir)) {
            assertThat(s.devices()).as("opened without Flyway's checksum validation").hasSize(1);
        }

        execute(url, "DROP TABLE flyway_schema_history");
        assertThat(Store.current(url, null, null, null)).isFalse();
        assertThatThrownBy(() -> Store.embedded(dir)).as("Flyway refuses a non-empty schema without history")
                .hasMessageContaining("schema history");
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static String numeric(String version) {
        StringBuilder b = new StringBuilder();
        for (String part : version.split("\\.")) {
            b.append(String.format("%010d.", Long.parseLong(part)));
        }
        return b.toString();
    }
}
