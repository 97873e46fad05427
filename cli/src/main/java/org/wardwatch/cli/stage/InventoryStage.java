package org.wardwatch.cli.stage;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.wardwatch.inventory.Inventory;
import org.wardwatch.inventory.identify.DeviceMerger;
import org.wardwatch.inventory.io.DevicesJson;
import org.wardwatch.inventory.io.InventoryCsv;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.model.Observation;
import org.wardwatch.model.device.Device;
import org.wardwatch.store.Store;

/**
 * Resolves and identifies devices from every observation; writes {@code devices.json} and
 * {@code inventory.csv}, puts the {@link Inventory.Result} in the context for later stages (risk,
 * reports), and updates the store when one is configured (a second analysis merges into the stored
 * devices instead of duplicating them).
 */
public final class InventoryStage implements AnalysisStage {
    /** Test and tooling hook: sees every identified device with its resolved state (behaviour training). */
    static volatile java.util.function.BiConsumer<Device, org.wardwatch.inventory.resolve.DeviceState> observer;

    private final Inventory inventory = Inventory.create();
    private final Instant started = Instant.now();
    private long acceptNanos;

    @Override
    public String name() {
        return "inventory";
    }

    @Override
    public void accept(Observation observation) {
        long t = System.nanoTime();
        inventory.accept(observation);
        acceptNanos += System.nanoTime() - t;
    }

    @Override
    public void finish(AnalysisContext context) throws IOException {
        // the store opens (schema migration) beside identification and the file writing
        BesideTask<Store> opening = BesideTask.start("wardwatch-store-open", () -> openStore(context));
        Inventory.Result result;
        try {
            result = identifyAndWrite(context);
        } catch (IOException | RuntimeException | Error e) {
            closeWhenOpened(opening);
            throw e;
        }
        Store store = opening.join();
        if (store != null) {
            // the store is updated beside the later stages (risk, report: they read the devices, not the
            // store); its summary line keeps its place and is filled in once the update has ended
            context.summary("store", "");
            DeviceMerger merger = new DeviceMerger(KnowledgeBase.defaults());
            List<Device> devices = result.devices();
            BesideTask<String> updating = BesideTask.start("wardwatch-store-write", () -> {
                try (Store s = store) {
                    String run = s.beginRun(context.outDir().toString(), started);
                    Store.UpsertResult u = s.upsertDevices(devices, merger::merge, run);
                    s.finishRun(run, Instant.now(), devices.size());
                    return s.description() + ": " + u.inserted() + " new, " + u.updated() + " updated devices";
                }
            });
            context.pending(() -> context.summary("store", updating.join()));
        }
    }

    private Inventory.Result identifyAndWrite(AnalysisContext context) throws IOException {
        long t0 = System.nanoTime();
        Inventory.Result result = inventory.finish(observer);
        long identifyNanos = System.nanoTime() - t0;
        context.put(Inventory.Result.class, result);
        DevicesJson.write(context.outDir().resolve("devices.json"), result.devices(), result.counters());
        InventoryCsv.write(context.outDir().resolve("inventory.csv"), result.devices());
        long identified = result.devices().stream().filter(d -> d.category().isKnown()).count();
        long medical = result.devices().stream()
                .filter(d -> d.category().isKnown() && "medical".equals(KnowledgeBase.defaults().taxonomy().get(d.category().value()).group()))
                .count();
        context.summary("devices", result.devices().size() + " (" + identified + " with a category, " + medical + " medical)");
        context.summary("inventory time", String.format(java.util.Locale.ROOT, "%.2f s (resolution %.2f s while reading, identification %.2f s)",
                (acceptNanos + identifyNanos) / 1e9, acceptNanos / 1e9, identifyNanos / 1e9));
        return result;
    }

    /** After a failure: the store being opened is closed once open (its own failure does not matter then). */
    private static void closeWhenOpened(BesideTask<Store> opening) {
        try {
            Store s = opening.join();
            if (s != null) {
                s.close();
            }
        } catch (IOException | RuntimeException | Error ignored) {
            // the failure being thrown is the one to report
        }
    }

    private static Store openStore(AnalysisContext context) {
        if (context.databaseUrl() != null) {
            return Store.open(context.databaseUrl(), null, null, null);
        }
        return context.dataDir() != null ? Store.embedded(context.dataDir()) : null;
    }

    /** For tests: the devices the stage produced, read back from the output folder. */
    static java.util.List<Device> read(java.nio.file.Path outDir) throws IOException {
        return DevicesJson.read(outDir.resolve("devices.json")).devices();
    }
}
