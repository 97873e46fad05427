package org.wardwatch.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.wardwatch.testkit.Requirements;

/**
 * The same contract against a real PostgreSQL server: {@code WARDWATCH_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/wardwatch}, role/password {@code wardwatch}, as
 * scripts/test-deps.sh creates it). Each test runs in its own schema, dropped afterwards.
 */
class PostgresStoreTest extends StoreContract {
    static final String URL = System.getenv().getOrDefault("WARDWATCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/wardwatch");
    static final String USER = System.getenv().getOrDefault("WARDWATCH_PG_USER", "wardwatch");
    static final String PASSWORD = System.getenv().getOrDefault("WARDWATCH_PG_PASSWORD", "wardwatch");
    private String schema;

    @Override
    protected Store open() {
        try (Connection c = DriverManager.getConnection(URL + "?connectTimeout=3", USER, PASSWORD)) {
            c.isValid(3);
        } catch (SQLException e) {
            Requirements.missing("PostgreSQL at " + URL + " (role wardwatch) is not reachable: run scripts/test-deps.sh as root ("
                    + e.getMessage() + ")");
        }
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Store.open(URL, USER, PASSWORD, schema);
    }

    @Override
    protected void cleanUp() throws SQLException {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
