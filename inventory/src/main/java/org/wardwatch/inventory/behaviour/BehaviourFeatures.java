package org.wardwatch.inventory.behaviour;

import java.util.ArrayList;
import java.util.List;
import org.wardwatch.inventory.resolve.DeviceState;
import org.wardwatch.inventory.resolve.FlowStats;
import org.wardwatch.model.device.ServicePort;

/**
 * The traffic features the behaviour classifier reads (docs/inventory.md "Behaviour"): volumes and
 * directions, how many peers and ports, how regular the flows a device starts are, which well-known
 * services it offers or uses, and which protocols analyzers confirmed on its flows. Nothing about
 * identity (no MAC prefix, no names): the classifier speaks for devices that say nothing about themselves.
 */
public final class BehaviourFeatures {
    /** Ports whose use as a service (offered) or as a destination (used) is a feature. */
    static final int[] PORTS = {22, 23, 53, 67, 80, 104, 123, 161, 443, 445, 502, 514, 554, 1883, 2575, 3389, 3613, 4242, 5060,
        8080, 8042, 9100, 11112, 24105, 47808};
    static final String[] APPS = {"dicom", "hl7", "http", "tls", "dns", "dhcp", "ntp", "smb", "snmp", "bacnet", "mqtt", "ssh",
        "rdp", "sip", "syslog", "kerberos", "ldap", "fhir", "astm", "poct1a", "sdc", "mdns", "ssdp", "netbios", "modbus"};
    public static final List<String> NAMES;
    /** The first features are continuous (shares, counts, rates); the rest are 0/1 indicators. */
    static final int CONTINUOUS = 15;

    static {
        List<String> n = new ArrayList<>(List.of("server_share", "log_bytes_per_flow", "out_share", "peers", "single_peer",
                "dst_ports", "dst_well_known_share", "dst_registered_share", "services", "external_share", "multicast_share",
                "udp_share", "unanswered_share", "interval_cv", "log_flows_per_hour"));
        for (int p : PORTS) {
            n.add("offers_" + p);
        }
        for (int p : PORTS) {
            n.add("uses_" + p);
        }
        for (String a : APPS) {
            n.add("app_" + a);
        }
        NAMES = List.copyOf(n);
    }

    private BehaviourFeatures() {
    }

    /** Minimum flows for a device's behaviour to mean anything. */
    public static final int MIN_FLOWS = 2;

    public static double[] of(DeviceState d) {
        FlowStats s = d.flows();
        double[] v = new double[NAMES.size()];
        long flows = Math.max(1, s.flows());
        int i = 0;
        // shapes, shares and rates rather than totals: a capture's length must not change what a device looks like
        int[] dst = s.dstPorts();
        int wellKnown = 0, registered = 0;
        for (int x : dst) {
            if (x < 1024) {
                wellKnown++;
            } else if (x < 49152) {
                registered++;
            }
        }
        v[i++] = (double) s.flowsAsServer() / flows;
        v[i++] = Math.log1p((double) (s.bytesOut() + s.bytesIn()) / flows);
        v[i++] = (double) s.bytesOut() / Math.max(1, s.bytesOut() + s.bytesIn());
        v[i++] = s.peerCount();
        v[i++] = s.peerCount() == 1 ? 1 : 0;
        v[i++] = dst.length;
        v[i++] = dst.length == 0 ? 0 : (double) wellKnown / dst.length;
        v[i++] = dst.length == 0 ? 0 : (double) registered / dst.length;
        v[i++] = d.services().size();
        v[i++] = (double) s.externalFlows() / flows;
        v[i++] = (double) s.multicastFlows() / flows;
        v[i++] = (double) s.udpFlows() / flows;
        v[i++] = (double) s.unansweredFlows() / flows;
        v[i++] = s.intervalCv();
        double hours = Math.max(s.durationSeconds() / 3600.0, 1.0 / 60);
        v[i++] = Math.log1p(s.flows() / hours);
        for (ServicePort sp : d.services().values()) {
            for (int k = 0; k < PORTS.length; k++) {
                if (sp.port() == PORTS[k]) {
                    v[i + k] = 1;
                }
            }
        }
        i += PORTS.length;
        for (int p : PORTS) {
            boolean uses = false;
            for (int x : dst) {
                if (x == p) {
                    uses = true;
                    break;
                }
            }
            v[i++] = uses ? 1 : 0;
        }
        for (String a : APPS) {
            v[i++] = d.applications().contains(a) ? 1 : 0;
        }
        return v;
    }
}
