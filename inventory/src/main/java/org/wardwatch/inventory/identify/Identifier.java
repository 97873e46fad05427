package org.wardwatch.inventory.identify;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.inventory.kb.KnowledgeBase;
import org.wardwatch.inventory.resolve.DeviceResolver;
import org.wardwatch.inventory.resolve.DeviceState;
import org.wardwatch.inventory.rules.RuleEngine;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.Criticality;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.ServicePort;

/**
 * Turns a resolved {@link DeviceState} into a {@link Device}: runs the device-level rules on its
 * {@link DeviceProfile}, adds the behaviour claim, combines claims per attribute, and reads the
 * criticality of the category from the taxonomy.
 */
public final class Identifier {
    private final KnowledgeBase kb;
    private final RuleEngine engine;
    private final BehaviourModel behaviour;
    private final ClaimCombiner combiner;

    public Identifier(KnowledgeBase kb, RuleEngine engine, BehaviourModel behaviour) {
        this.kb = kb;
        this.engine = engine;
        this.behaviour = behaviour;
        this.combiner = new ClaimCombiner(kb);
    }

    public Device identify(DeviceState s) {
        DeviceProfile profile = profile(s);
        engine.apply(profile, e -> DeviceResolver.applyDirect(s, e));
        List<Claim> claims = new ArrayList<>();
        for (DeviceState.ClaimAgg a : s.claimAggregates()) {
            claims.add(a.toClaim());
        }
        behaviour.categoryClaim(s).ifPresent(claims::add);
        AttributeValue category = combiner.combine(Attribute.CATEGORY, claims);
        Criticality criticality = category.isKnown() ? kb.taxonomy().criticality(category.value()) : Criticality.UNKNOWN;
        return s.toDevice(category, combiner.combine(Attribute.VENDOR, claims), combiner.combine(Attribute.MODEL, claims),
                combiner.combine(Attribute.OS, claims), combiner.combine(Attribute.FIRMWARE, claims),
                combiner.combine(Attribute.SERIAL, claims), criticality);
    }

    static DeviceProfile profile(DeviceState s) {
        List<ServicePort> ports = new ArrayList<>(s.services().values());
        ports.sort((a, b) -> a.port() != b.port() ? Integer.compare(a.port(), b.port()) : a.transport().compareTo(b.transport()));
        List<String> services = new ArrayList<>();
        for (ServicePort p : ports) {
            services.add(p.transport() + "/" + p.port());
        }
        for (String app : s.applications()) {
            services.add("app:" + app);
        }
        var mac = s.macs().isEmpty() ? null : s.macs().get(0);
        var addr = s.lastAddress();
        return new DeviceProfile(s.lastSeen(), s.id(), mac, addr == null ? null : addr.ip(), addr == null ? 0 : addr.vlan(),
                mac != null && mac.isLocallyAdministered(), s.router(), s.layer3Only(), services, s.applications());
    }
}
