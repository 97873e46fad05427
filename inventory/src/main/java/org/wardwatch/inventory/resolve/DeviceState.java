package org.wardwatch.inventory.resolve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.device.AddressPeriod;
import org.wardwatch.model.device.Attribute;
import org.wardwatch.model.device.AttributeValue;
import org.wardwatch.model.device.Criticality;
import org.wardwatch.model.device.Device;
import org.wardwatch.model.device.Claim;
import org.wardwatch.model.device.ClinicalRole;
import org.wardwatch.model.device.Evidence;
import org.wardwatch.model.device.Hostname;
import org.wardwatch.model.device.ServicePort;
import org.wardwatch.model.device.Software;
import org.wardwatch.model.device.VlanPeriod;

/**
 * Everything the resolver knows about one device while observations stream in. Every collection is
 * capped; what did not fit is counted in {@link #dropped}. Claims are aggregated per (attribute, value,
 * rule): a rule that fires a thousand times is one claim with a count, not a thousand.
 */
public final class DeviceState {
    static final int MAX_MACS = 8;
    static final int MAX_ADDRESSES = 64;
    static final int MAX_HOSTNAMES = 16;
    static final int MAX_VLANS = 16;
    static final int MAX_CLAIMS = 64;
    static final int MAX_ROLES = 16;
    static final int MAX_SOFTWARE = 16;
    static final int MAX_SERVICES = 32;
    static final int MAX_APPLICATIONS = 16;

    /** A claim with how often its rule said it. */
    public static final class ClaimAgg {
        final Attribute attribute;
        final String value;
        final String rule;
        double weight;
        long count;
        final Evidence first;
        Instant last;

        ClaimAgg(Claim c) {
            attribute = c.attribute();
            value = c.value();
            rule = c.evidence().rule();
            weight = c.weight();
            count = 1;
            first = c.evidence();
            last = c.evidence().ts();
        }

        /** The aggregate as one claim; the evidence's fact says how many times it was seen. */
        public Claim toClaim() {
            Evidence e = count == 1 ? first : new Evidence(first.ts(), first.observation(),
                    first.fact() + " (seen " + count + "×, last " + last + ")", first.rule(), first.source());
            return new Claim(attribute, value, weight, e);
        }
    }

    static final class Period {
        final IpAddress ip;
        final int vlan;
        Instant first;
        Instant last;

        Period(IpAddress ip, int vlan, Instant first, Instant last) {
            this.ip = ip;
            this.vlan = vlan;
            this.first = first;
            this.last = last;
        }
    }

    /** A VLAN period while it is still growing (a {@link VlanPeriod} once the device is identified). */
    static final class VlanSpan {
        final int vlan;
        Instant first;
        Instant last;

        VlanSpan(int vlan, Instant first, Instant last) {
            this.vlan = vlan;
            this.first = first;
            this.last = last;
        }
    }

    static final class RoleAgg {
        final String protocol;
        final String role;
        final String name;
        final String peer;
        final List<String> details = new ArrayList<>(2);
        Instant first;
        Instant last;

        RoleAgg(ClinicalRole r) {
            protocol = r.protocol();
            role = r.role();
            name = r.name();
            peer = r.peer();
            first = r.firstSeen();
            last = r.lastSeen();
            detail(r.detail());
        }

        void detail(String d) {
            if (d != null && !details.contains(d) && details.size() < 8) {
                details.add(d);
            }
        }
    }

    String id;
    final List<MacAddress> macs = new ArrayList<>(1);
    final List<Period> addresses = new ArrayList<>(2);
    final Map<String, Hostname> hostnames = new LinkedHashMap<>();
    final Map<Integer, VlanSpan> vlans = new LinkedHashMap<>();
    /** The VLAN span last extended (most devices stay on one VLAN: no map lookup then). */
    private VlanSpan lastVlan;
    Instant firstSeen;
    Instant lastSeen;
    boolean layer3Only;
    boolean router;
    final Map<String, ClaimAgg> claims = new LinkedHashMap<>();
    final Map<String, RoleAgg> roles = new LinkedHashMap<>();
    final Map<String, Software> software = new LinkedHashMap<>();
    final Map<String, ServicePort> services = new LinkedHashMap<>();
    /** The values of {@link #services} in the same order, searched by transport and port without building the key. */
    private final List<ServicePort> serviceList = new ArrayList<>(2);
    final List<String> applications = new ArrayList<>(2);
    final FlowStats flows = new FlowStats();
    /** For layer-3 states: the MAC that carried this address in flows, 0 when none, -1 when several. */
    long flowMac;
    /** Whether the device showed it exists (sent a packet), rather than only being a target. */
    boolean alive;
    /** What did not fit under the caps, by kind. */
    final Map<String, Integer> dropped = new LinkedHashMap<>();

    DeviceState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public List<MacAddress> macs() {
        return macs;
    }

    public FlowStats flows() {
        return flows;
    }

    public boolean layer3Only() {
        return layer3Only;
    }

    public boolean router() {
        return router;
    }

    public Instant firstSeen() {
        return firstSeen;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    public List<String> applications() {
        return applications;
    }

    public Map<String, ServicePort> services() {
        return services;
    }

    public List<ClaimAgg> claimAggregates() {
        return new ArrayList<>(claims.values());
    }

    void seen(Instant ts) {
        if (ts == null) {
            return;
        }
        if (firstSeen == null || ts.isBefore(firstSeen)) {
            firstSeen = ts;
        }
        if (lastSeen == null || ts.isAfter(lastSeen)) {
            lastSeen = ts;
        }
    }

    private void drop(String what) {
        dropped.merge(what, 1, Integer::sum);
    }

    void addMac(MacAddress mac) {
        if (!macs.contains(mac)) {
            if (macs.size() < MAX_MACS) {
                macs.add(mac);
            } else {
                drop("macs");
            }
        }
    }

    /** Extends the open period of this address, or opens a new one (a renewal after a gap counts as the same period). */
    void address(IpAddress ip, int vlan, Instant ts) {
        for (int i = addresses.size() - 1; i >= 0; i--) {
            Period p = addresses.get(i);
            if (p.ip.equals(ip) && p.vlan == vlan) {
                if (ts.isBefore(p.first)) {
                    p.first = ts;
                }
                if (ts.isAfter(p.last)) {
                    p.last = ts;
                }
                return;
            }
        }
        if (addresses.size() < MAX_ADDRESSES) {
            addresses.add(new Period(ip, vlan, ts, ts));
        } else {
            drop("addresses");
        }
    }

    void vlan(int vlan, Instant ts) {
        VlanSpan p = lastVlan != null && lastVlan.vlan == vlan ? lastVlan : vlans.get(vlan);
        if (p == null) {
            if (vlans.size() < MAX_VLANS) {
                p = new VlanSpan(vlan, ts, ts);
                vlans.put(vlan, p);
                lastVlan = p;
            } else {
                drop("vlans");
            }
        } else {
            p.first = min(p.first, ts);
            p.last = max(p.last, ts);
            lastVlan = p;
        }
    }

    void hostname(String name, String source, Instant ts) {
        String key = name.toLowerCase(Locale.ROOT) + "\u0000" + source;
        Hostname h = hostnames.get(key);
        if (h == null) {
            if (hostnames.size() < MAX_HOSTNAMES) {
                hostnames.put(key, new Hostname(name, source, ts, ts));
            } else {
                drop("hostnames");
            }
        } else {
            hostnames.put(key, new Hostname(h.name(), source, min(h.firstSeen(), ts), max(h.lastSeen(), ts)));
        }
    }

    void claim(Claim c) {
        String key = c.attribute().ordinal() + "\u0000" + c.value().toLowerCase(Locale.ROOT) + "\u0000" + c.evidence().rule();
        ClaimAgg a = claims.get(key);
        if (a == null) {
            if (claims.size() < MAX_CLAIMS) {
                claims.put(key, new ClaimAgg(c));
            } else {
                drop("claims");
            }
            return;
        }
        a.count++;
        a.weight = Math.max(a.weight, c.weight());
        if (c.evidence().ts() != null && (a.last == null || c.evidence().ts().isAfter(a.last))) {
            a.last = c.evidence().ts();
        }
    }

    void role(ClinicalRole r) {
        String key = r.protocol() + "\u0000" + r.role() + "\u0000" + r.name() + "\u0000" + r.peer();
        RoleAgg a = roles.get(key);
        if (a == null) {
            if (roles.size() < MAX_ROLES) {
                roles.put(key, new RoleAgg(r));
            } else {
                drop("roles");
            }
            return;
        }
        a.detail(r.detail());
        a.first = min(a.first, r.firstSeen());
        a.last = max(a.last, r.lastSeen());
    }

    void software(Software s) {
        String product = s.product().toLowerCase(Locale.ROOT);
        // the same product with and without a version (an implementation UID and a version name): keep the versioned one
        if (s.version() == null) {
            for (String k : software.keySet()) {
                if (k.startsWith(product + "\u0000")) {
                    return;
                }
            }
        } else {
            software.remove(product + "\u0000null");
        }
        String key = product + "\u0000" + s.version();
        if (!software.containsKey(key)) {
            if (software.size() < MAX_SOFTWARE) {
                software.put(key, s);
            } else {
                drop("software");
            }
        }
    }

    void service(String transport, int port, String application) {
        for (int i = 0; i < serviceList.size(); i++) {
            ServicePort s = serviceList.get(i);
            if (s.port() == port && s.transport().equals(transport)) {
                if (s.application() == null && application != null) {
                    ServicePort n = new ServicePort(transport, port, application);
                    serviceList.set(i, n);
                    services.put(transport + "/" + port, n);
                }
                return;
            }
        }
        if (services.size() < MAX_SERVICES) {
            ServicePort n = new ServicePort(transport, port, application);
            serviceList.add(n);
            services.put(transport + "/" + port, n);
        } else {
            drop("services");
        }
    }

    void application(String app) {
        if (app != null && !applications.contains(app)) {
            if (applications.size() < MAX_APPLICATIONS) {
                applications.add(app);
            } else {
                drop("applications");
            }
        }
    }

    /** Takes everything {@code o} knows (o is then discarded). */
    void mergeFrom(DeviceState o) {
        o.macs.forEach(this::addMac);
        for (Period p : o.addresses) {
            address(p.ip, p.vlan, p.first);
            address(p.ip, p.vlan, p.last);
        }
        o.vlans.values().forEach(v -> {
            vlan(v.vlan, v.first);
            vlan(v.vlan, v.last);
        });
        mergeBehaviourFrom(o);
    }

    /** Takes what {@code o} learned about the device (claims, names, roles, services, flows) but not its addresses or VLANs. */
    void mergeBehaviourFrom(DeviceState o) {
        o.hostnames.values().forEach(h -> {
            hostname(h.name(), h.source(), h.firstSeen());
            hostname(h.name(), h.source(), h.lastSeen());
        });
        seen(o.firstSeen);
        seen(o.lastSeen);
        for (ClaimAgg c : o.claims.values()) {
            String key = c.attribute.ordinal() + "\u0000" + c.value.toLowerCase(Locale.ROOT) + "\u0000" + c.rule;
            ClaimAgg mine = claims.get(key);
            if (mine == null) {
                if (claims.size() < MAX_CLAIMS) {
                    claims.put(key, c);
                } else {
                    drop("claims");
                }
            } else {
                mine.count += c.count;
                mine.weight = Math.max(mine.weight, c.weight);
                mine.last = max(mine.last, c.last);
            }
        }
        for (RoleAgg r : o.roles.values()) {
            for (String d : r.details.isEmpty() ? java.util.Collections.<String>singletonList(null) : r.details) {
                role(new ClinicalRole(r.protocol, r.role, r.name, d, r.peer, r.first, r.last));
            }
        }
        o.software.values().forEach(this::software);
        o.services.values().forEach(s -> service(s.transport(), s.port(), s.application()));
        o.applications.forEach(this::application);
        flows.mergeFrom(o.flows);
        alive |= o.alive;
        router |= o.router;
        o.dropped.forEach((k, v) -> dropped.merge(k, v, Integer::sum));
    }

    List<AddressPeriod> addressPeriods() {
        List<AddressPeriod> out = new ArrayList<>(addresses.size());
        for (Period p : addresses) {
            out.add(new AddressPeriod(p.ip, p.vlan, p.first, p.last));
        }
        return out;
    }

    List<ClinicalRole> clinicalRoles() {
        List<ClinicalRole> out = new ArrayList<>(roles.size());
        for (RoleAgg r : roles.values()) {
            out.add(new ClinicalRole(r.protocol, r.role, r.name, r.details.isEmpty() ? null : String.join(",", r.details),
                    r.peer, r.first, r.last));
        }
        return out;
    }

    /** The most recently used address, or null. */
    public AddressPeriod lastAddress() {
        Period best = null;
        for (Period p : addresses) {
            if (best == null || p.last.isAfter(best.last)) {
                best = p;
            }
        }
        return best == null ? null : new AddressPeriod(best.ip, best.vlan, best.first, best.last);
    }

    /** The device record with the given identification. */
    public Device toDevice(AttributeValue category, AttributeValue vendor, AttributeValue model, AttributeValue os,
                           AttributeValue firmware, AttributeValue serial, Criticality criticality) {
        List<MacAddress> macList = new ArrayList<>(macs);
        if (!macList.isEmpty()) {
            MacAddress p = DeviceResolver.primary(macList);
            macList.remove(p);
            macList.add(0, p);
        }
        List<VlanPeriod> vlanList = new ArrayList<>(vlans.size());
        for (VlanSpan v : vlans.values()) {
            vlanList.add(new VlanPeriod(v.vlan, v.first, v.last));
        }
        List<Hostname> names = new ArrayList<>(hostnames.values());
        List<ServicePort> svc = new ArrayList<>(services.values());
        svc.sort((a, b) -> a.port() != b.port() ? Integer.compare(a.port(), b.port()) : a.transport().compareTo(b.transport()));
        boolean randomized = !macList.isEmpty() && macList.get(0).isLocallyAdministered();
        return new Device(id, macList, addressPeriods(), names, vlanList, firstSeen, lastSeen, layer3Only, randomized,
                category, vendor, model, os, firmware, serial, criticality, svc, clinicalRoles(),
                new ArrayList<>(software.values()));
    }

    /** What did not fit under the caps, by kind. */
    public Map<String, Integer> dropped() {
        return dropped;
    }

    static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
