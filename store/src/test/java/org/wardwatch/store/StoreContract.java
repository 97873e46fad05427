package org.wardwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wardwatch.model.device.Device;

/** What every store backend must do; subclasses open SQLite or PostgreSQL. */
abstract class StoreContract {
    protected Store store;

    protected abstract Store open() throws Exception;

    protected void cleanUp() throws Exception {
    }

    @BeforeEach
    void setUp() throws Exception {
        store = open();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (store == null) {
            return; // setUp skipped (no PostgreSQL here) or failed: nothing was opened
        }
        store.close();
        cleanUp();
    }

    @Test
    void insertsThenUpdatesInsteadOfDuplicating() {
        String run = store.beginRun("a.pcap", Fixtures.T);
        var first = store.upsertDevices(List.of(Fixtures.device("mac-1", 1, "10.0.0.1", "B. Braun", 0),
                Fixtures.device("mac-2", 2, "10.0.0.2", null, 0)), Fixtures::merge, run);
        assertThat(first).isEqualTo(new Store.UpsertResult(2, 0));
        var second = store.upsertDevices(List.of(Fixtures.device("mac-1", 1, "10.0.0.9", null, 60)), Fixtures::merge, run);
        assertThat(second).isEqualTo(new Store.UpsertResult(0, 1));
        assertThat(store.deviceCount()).isEqualTo(2);
        Device d = store.find("mac-1").orElseThrow();
        assertThat(d.addresses()).extracting(p -> p.ip().toString()).containsExactly("10.0.0.1", "10.0.0.9");
        assertThat(d.vendor().value()).isEqualTo("B. Braun");
        assertThat(d.firstSeen()).isEqualTo(Fixtures.T);
        assertThat(d.vendor().evidence()).singleElement().satisfies(e -> assertThat(e.rule()).isEqualTo("oui.vendor"));
    }

    @Test
    void aLayer3DeviceLaterSeenWithItsMacBecomesOneDevice() {
        store.upsertDevices(List.of(Fixtures.device("mac-5", 5, "10.0.0.5", null, 0)), Fixtures::merge, null);
        // the same MAC under another id (e.g. its primary MAC changed): still one device
        Device renamed = Fixtures.device("mac-other", 5, "10.0.0.6", null, 10);
        store.upsertDevices(List.of(renamed), Fixtures::merge, null);
        assertThat(store.deviceCount()).isEqualTo(1);
        assertThat(store.find("00:00:00:00:00:05")).isPresent();
        assertThat(store.find("10.0.0.6")).map(Device::id).contains("mac-5");
    }

    @Test
    void anErrorMidWriteLeavesThePreviousState() {
        store.upsertDevices(List.of(Fixtures.device("mac-1", 1, "10.0.0.1", "B. Braun", 0)), Fixtures::merge, null);
        List<Device> many = new ArrayList<>();
        for (int i = 2; i < 1300; i++) {
            many.add(Fixtures.device("mac-" + i, i, "10.1." + (i / 250) + "." + (i % 250), null, 0));
        }
        many.add(Fixtures.device("mac-1", 1, "10.0.0.99", "Other", 5));
        int[] batches = {0};
        store.afterBatch = () -> {
            if (++batches[0] == 2) {
                throw new IllegalStateException("simulated failure after two batches");
            }
        };
        assertThatThrownBy(() -> store.upsertDevices(many, Fixtures::merge, null)).hasMessageContaining("simulated failure");
        store.afterBatch = () -> { };
        assertThat(store.deviceCount()).isEqualTo(1);
        assertThat(store.find("mac-1").orElseThrow().vendor().value()).isEqualTo("B. Braun");
    }

    @Test
    void largeBatchesRoundTrip() {
        List<Device> many = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            many.add(Fixtures.device("mac-" + i, i, "10.2." + (i / 250) + "." + (i % 250), "V" + (i % 7), 0));
        }
        store.upsertDevices(many, Fixtures::merge, null);
        assertThat(store.deviceCount()).isEqualTo(2000);
        assertThat(store.devices()).hasSize(2000);
        assertThat(store.find("10.2.4.1").map(Device::id)).contains("mac-1001");
    }

    @Test
    void runsAreRecorded() {
        String run = store.beginRun("x.pcap", Fixtures.T);
        store.finishRun(run, Fixtures.T.plusSeconds(5), 3);
        assertThat(store.runCount()).isEqualTo(1);
    }
}
