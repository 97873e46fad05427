package org.wardwatch.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.wardwatch.inventory.identify.BehaviourModel;
import org.wardwatch.inventory.identify.Identifier;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.resolve.DeviceResolver;
import org.wardwatch.inventory.resolve.DeviceState;
import org.wardwatch.inventory.rules.RuleEngine;
import org.wardwatch.inventory.rules.RuleSet;
import org.wardwatch.model.Observation;
import org.wardwatch.model.device.Device;

/**
 * The inventory of one analysis: feed it every observation in packet order, then {@link #finish()}
 * for the devices. Resolution happens as observations stream in (bounded by {@code maxDevices});
 * identification happens once, at the end.
 */
public final class Inventory {
    /** Default cap on devices kept in memory (docs/inventory.md, "Limits"). */
    public static final int DEFAULT_MAX_DEVICES = 250_000;

    /** The devices, sorted by id, and named counters (caps hit, rule errors, merges). */
    public record Result(List<Device> devices, Map<String, Long> counters) {
    }

    private final KnowledgeBase kb;
    private final RuleEngine engine;
    private final DeviceResolver resolver;
    private final BehaviourModel behaviour;

    public Inventory(KnowledgeBase kb, RuleSet rules, BehaviourModel behaviour, int maxDevices) {
        this.kb = kb;
        this.engine = new RuleEngine(rules, kb);
        this.resolver = new DeviceResolver(engine, maxDevices);
        this.behaviour = behaviour;
    }

    /** The shipped knowledge base, rules and behaviour model. */
    public static Inventory create() {
        KnowledgeBase kb = KnowledgeBase.defaults();
        return new Inventory(kb, RuleSet.defaults(kb), org.wardwatch.inventory.behaviour.BehaviourClassifier.shippedAsync(kb), DEFAULT_MAX_DEVICES);
    }

    public void accept(Observation o) {
        resolver.accept(o);
    }

    public Result finish() {
        return finish(null);
    }

    /** Identifies every device; {@code each}, when given, sees each device with its resolved state (for training and tests). */
    public Result finish(BiConsumer<Device, DeviceState> each) {
        List<DeviceState> states = resolver.finish();
        Identifier identifier = new Identifier(kb, engine, behaviour);
        List<Device> devices = new ArrayList<>(states.size());
        Map<String, Long> counters = new LinkedHashMap<>(resolver.counters());
        for (DeviceState s : states) {
            Device d = identifier.identify(s);
            devices.add(d);
            s.dropped().forEach((k, v) -> counters.merge("inventory_cap_" + k, (long) v, Long::sum));
            if (each != null) {
                each.accept(d, s);
            }
        }
        counters.put("devices", (long) devices.size());
        return new Result(devices, counters);
    }
}
