package org.wardwatch.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BinaryOperator;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Device;

/**
 * The wardwatch store: an embedded SQLite file by default, or a PostgreSQL server by JDBC URL, with
 * the same schema (Flyway migrations under {@code org/wardwatch/store/migration}) and the same code.
 *
 * <p>Writes are batched inside one transaction per call: a crash or an error in the middle leaves the
 * previous state (SQLite in WAL mode and PostgreSQL both roll the transaction back). A second analysis
 * of the same network updates devices instead of duplicating them: an incoming device is the stored
 * one with the same id, or failing that the one owning one of its MAC addresses, and the caller's
 * merge function combines them.
 */
public final class Store implements AutoCloseable {
    /**
     * Default per-user data folder (the embedded store and imported intel): {@code $WARDWATCH_DATA} when set,
     * else {@code $XDG_DATA_HOME/wardwatch}, else {@code ~/.local/share/wardwatch} (XDG Base Directory
     * Specification). {@code wardwatch analyze} writes here and the query commands read here unless given
     * {@code --data DIR}.
     */
    public static Path defaultDataDir() {
        String own = System.getenv("WARDWATCH_DATA");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("wardwatch");
    }

    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Jdbi jdbi;
    private final String description;
    /** Test hook: runs inside the write transaction after each batch of devices was written. */
    volatile Runnable afterBatch = () -> { };

    private Store(Jdbi jdbi, String description) {
        this.jdbi = jdbi;
        this.description = description;
    }

    /** The embedded store in {@code dataDir} (created when missing): {@code dataDir/wardwatch.db}. */
    public static Store embedded(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
        String url = "jdbc:sqlite:" + dataDir.resolve("wardwatch.db").toAbsolutePath()
                + "?journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=10000"
                // write transactions take the write lock when they begin, so two analyses merging into one store
                // at once wait for each other (busy_timeout) instead of failing with SQLITE_BUSY_SNAPSHOT
                + "&transaction_mode=IMMEDIATE";
        return open(url, null, null, null);
    }

    /**
     * A store at a JDBC URL: {@code jdbc:postgresql://host/db} (user and password in the URL or given here),
     * or {@code jdbc:sqlite:FILE}. {@code schema}, when given, is created and used (tests use their own).
     */
    public static Store open(String url, String user, String password, String schema) {
        if (url.startsWith("jdbc:sqlite:")) {
            SqliteNativeLibrary.prepare();
        }
        if (!current(url, user, password, schema)) {
            Flyway flyway = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations("classpath:org/wardwatch/store/migration")
                    .schemas(schema == null ? new String[0] : new String[] {schema})
                    .load();
            flyway.migrate();
        }
        String effectiveUrl = url;
        if (schema != null && url.startsWith("jdbc:postgresql:")) {
            effectiveUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        Jdbi jdbi = user == null ? Jdbi.create(effectiveUrl) : Jdbi.create(effectiveUrl, user, password);
        return new Store(jdbi, url.replaceAll("password=[^&]*", "password=***"));
    }

    /**
     * The version of the newest migration under {@code org/wardwatch/store/migration} ({@code StoreMigrationTest}
     * keeps the two in step).
     */
    static final String SCHEMA_VERSION = "1";

    /**
     * Whether the store's schema history ends with the newest migration, applied successfully: then
     * Flyway does not run (its start, with its classpath scan, costs a process about 0.15 s of CPU, and
     * every analysis opens the store). A new store, an older one or an unreadable history: false, and
     * Flyway migrates (or reports) as always.
     */
    static boolean current(String url, String user, String password, String schema) {
        String table = (schema == null ? "" : schema + ".") + "flyway_schema_history";
        try (Connection c = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
             Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT version, success FROM " + table + " ORDER BY installed_rank DESC LIMIT 1")) {
            return r.next() && SCHEMA_VERSION.equals(r.getString(1)) && r.getBoolean(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public String description() {
        return description;
    }

    /** Starts an analysis run record; returns its id. */
    public String beginRun(String inputs, Instant startedAt) {
        String id = UUID.randomUUID().toString();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO analysis_run (id, started_at, inputs, devices) VALUES (:id, :s, :i, 0)")
                .bind("id", id).bind("s", startedAt.toString()).bind("i", inputs).execute());
        return id;
    }

    public void finishRun(String runId, Instant finishedAt, int devices) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE analysis_run SET finished_at = :f, devices = :d WHERE id = :id")
                .bind("id", runId).bind("f", finishedAt.toString()).bind("d", devices).execute());
    }

    /** Counts of what an upsert did. */
    public record UpsertResult(int inserted, int updated) {
    }

    /**
     * Inserts new devices and merges the ones already stored ({@code merge.apply(stored, incoming)}),
     * in one transaction with batched statements.
     */
    public UpsertResult upsertDevices(Collection<Device> incoming, BinaryOperator<Device> merge, String runId) {
        return jdbi.inTransaction(h -> {
            Map<String, String> macOwner = new HashMap<>();
            Set<String> ids = new HashSet<>();
            h.createQuery("SELECT mac, device_id FROM device_mac").map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> macOwner.put(e.getKey(), e.getValue()));
            h.createQuery("SELECT id FROM device").mapTo(String.class).forEach(ids::add);
            // which stored device each incoming device updates
            Map<String, Device> out = new LinkedHashMap<>();
            Map<String, String> replaces = new HashMap<>();
            List<String> toLoad = new ArrayList<>();
            // incoming device -> the stored one it updates, in order (a list: a device's own hash code would
            // walk all its evidence)
            List<Map.Entry<Device, String>> target = new ArrayList<>(incoming.size());
            for (Device d : incoming) {
                String stored = ids.contains(d.id()) ? d.id() : null;
                if (stored == null) {
                    for (MacAddress m : d.macs()) {
                        stored = macOwner.get(m.toString());
                        if (stored != null) {
                            break;
                        }
                    }
                }
                target.add(new AbstractMap.SimpleImmutableEntry<>(d, stored));
                if (stored != null) {
                    toLoad.add(stored);
                }
            }
            Map<String, Device> existing = load(h, toLoad);
            int inserted = 0, updated = 0;
            for (Map.Entry<Device, String> e : target) {
                Device d = e.getKey();
                String storedId = e.getValue();
                Device before = storedId == null ? null : out.containsKey(storedId) ? out.get(storedId) : existing.get(storedId);
                Device merged = before == null ? d : merge.apply(before, d);
                if (before == null) {
                    inserted++;
                } else {
                    updated++;
                    if (!storedId.equals(merged.id())) {
                        replaces.put(merged.id(), storedId);
                        out.remove(storedId);
                    }
                }
                out.put(merged.id(), merged);
            }
            String now = Instant.now().toString();
            if (!replaces.isEmpty()) {
                PreparedBatch del = h.prepareBatch("DELETE FROM device WHERE id = :id");
                for (String old : replaces.values()) {
                    del.bind("id", old).add();
                }
                del.execute();
            }
            write(h, out.values(), now, runId);
            return new UpsertResult(inserted, updated);
        });
    }

    private void write(Handle h, Collection<Device> devices, String now, String runId) {
        List<Device> all = new ArrayList<>(devices);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<Device> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
            List<String> chunkDocs = chunk.parallelStream().map(Store::json).toList(); // on every core, as in load
            PreparedBatch up = h.prepareBatch("INSERT INTO device (id, first_seen, last_seen, hostname, category, criticality, vendor, model, os,"
                    + " firmware, serial, confidence, layer3_only, randomized_mac, doc, updated_at, updated_by_run)"
                    + " VALUES (:id, :first, :last, :host, :cat, :crit, :vendor, :model, :os, :fw, :serial, :conf, :l3, :rnd, :doc, :now, :run)"
                    + " ON CONFLICT (id) DO UPDATE SET first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
                    + " hostname = excluded.hostname, category = excluded.category, criticality = excluded.criticality,"
                    + " vendor = excluded.vendor, model = excluded.model, os = excluded.os, firmware = excluded.firmware,"
                    + " serial = excluded.serial, confidence = excluded.confidence, layer3_only = excluded.layer3_only,"
                    + " randomized_mac = excluded.randomized_mac, doc = excluded.doc, updated_at = excluded.updated_at,"
                    + " updated_by_run = excluded.updated_by_run");
            PreparedBatch delMacs = h.prepareBatch("DELETE FROM device_mac WHERE device_id = :id");
            PreparedBatch delAddr = h.prepareBatch("DELETE FROM device_address WHERE device_id = :id");
            for (int i = 0; i < chunk.size(); i++) {
                Device d = chunk.get(i);
                up.bind("id", d.id()).bind("first", str(d.firstSeen())).bind("last", str(d.lastSeen()))
                        .bind("host", cut(d.hostname(), 255)).bind("cat", d.category().value())
                        .bind("crit", d.criticality().jsonName()).bind("vendor", cut(d.vendor().value(), 200))
                        .bind("model", cut(d.model().value(), 200)).bind("os", cut(d.os().value(), 200))
                        .bind("fw", cut(d.firmware().value(), 200)).bind("serial", cut(d.serial().value(), 200))
                        .bind("conf", d.category().confidence()).bind("l3", d.layer3Only()).bind("rnd", d.randomizedMac())
                        .bind("doc", chunkDocs.get(i)).bind("now", now).bind("run", runId).add();
                delMacs.bind("id", d.id()).add();
                delAddr.bind("id", d.id()).add();
            }
            up.execute();
            delMacs.execute();
            delAddr.execute();
            PreparedBatch macs = h.prepareBatch("INSERT INTO device_mac (mac, device_id) VALUES (:mac, :id)"
                    + " ON CONFLICT (mac) DO UPDATE SET device_id = excluded.device_id");
            PreparedBatch addrs = h.prepareBatch("INSERT INTO device_address (device_id, ip, vlan, first_seen, last_seen)"
                    + " VALUES (:id, :ip, :vlan, :first, :last) ON CONFLICT (device_id, ip, vlan) DO UPDATE SET"
                    + " first_seen = excluded.first_seen, last_seen = excluded.last_seen");
            boolean anyMac = false, anyAddr = false;
            for (Device d : chunk) {
                for (MacAddress m : d.macs()) {
                    macs.bind("mac", m.toString()).bind("id", d.id()).add();
                    anyMac = true;
                }
                for (AddressPeriod p : d.addresses()) {
                    addrs.bind("id", d.id()).bind("ip", p.ip().toString()).bind("vlan", p.vlan())
                            .bind("first", str(p.firstSeen())).bind("last", str(p.lastSeen())).add();
                    anyAddr = true;
                }
            }
            if (anyMac) {
                macs.execute();
            }
            if (anyAddr) {
                addrs.execute();
            }
            afterBatch.run();
        }
    }

    /**
     * The stored devices with these ids, a batch of documents at a time, each batch parsed on every core (the
     * JSON of thousands of devices with their evidence is most of an update's time, and the other cores are
     * mostly idle then).
     */
    private Map<String, Device> load(Handle h, List<String> ids) {
        Map<String, Device> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH));
            List<String> docs = h.createQuery("SELECT doc FROM device WHERE id IN (<ids>)").bindList("ids", chunk)
                    .mapTo(String.class).list();
            for (Device d : docs.parallelStream().map(Store::parse).toList()) {
                out.put(d.id(), d);
            }
        }
        return out;
    }

    /** Every stored device, ordered by id. */
    public List<Device> devices() {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM device ORDER BY id").mapTo(String.class).map(Store::parse).list());
    }

    public int deviceCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM device").mapTo(Integer.class).one());
    }

    /** A device by id, MAC address or IP address (its most recent holder). */
    public Optional<Device> find(String key) {
        return jdbi.withHandle(h -> {
            Optional<String> doc = h.createQuery("SELECT doc FROM device WHERE id = :k").bind("k", key).mapTo(String.class).findFirst();
            if (doc.isEmpty()) {
                String mac = null;
                try {
                    mac = MacAddress.parse(key).toString();
                } catch (IllegalArgumentException e) {
                    mac = null;
                }
                if (mac != null) {
                    doc = h.createQuery("SELECT d.doc FROM device d JOIN device_mac m ON m.device_id = d.id WHERE m.mac = :m")
                            .bind("m", mac).mapTo(String.class).findFirst();
                }
            }
            if (doc.isEmpty()) {
                doc = h.createQuery("SELECT d.doc FROM device d JOIN device_address a ON a.device_id = d.id WHERE a.ip = :ip"
                        + " ORDER BY a.last_seen DESC").bind("ip", key).mapTo(String.class).findFirst();
            }
            return doc.map(Store::parse);
        });
    }

    /** Number of analysis runs recorded. */
    public int runCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM analysis_run").mapTo(Integer.class).one());
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }

    static String json(Device d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Device parse(String doc) {
        try {
            return JSON.readValue(doc, Device.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored device is not readable: " + e.getMessage(), e);
        }
    }

    /** For tests and maintenance: runs a statement. */
    void execute(String sql) {
        jdbi.useHandle(h -> h.execute(sql));
    }

    @Override
    public void close() {
        // Jdbi opens a connection per operation; nothing is held between calls
    }
}
