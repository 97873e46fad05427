package org.wardwatch.model.obs.dns;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A DNS-SD service instance announced in an mDNS response (RFC 6763): a PTR from the service type to
 * the instance, with the instance's SRV and TXT records when the same response carries them.
 *
 * @param instance    the instance label, e.g. "Printer 3rd floor" (the part before the service type)
 * @param serviceType e.g. "_ipp._tcp"
 * @param domain      normally "local"
 * @param host        SRV target, null without an SRV record
 * @param port        SRV port, null without an SRV record
 * @param txt         TXT strings ("key=value" or "key"), at most 32, each at most 255 bytes
 */
public record MdnsServiceAnnounced(Instant ts, FlowId flow, String instance, String serviceType, String domain,
                                   String host, Integer port, List<String> txt) implements DnsObservation {
    public MdnsServiceAnnounced {
        txt = List.copyOf(txt);
    }
}
