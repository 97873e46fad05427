package org.wardwatch.model.obs.dns;

/**
 * One resource record of a DNS-format answer.
 *
 * @param section answer, authority or additional
 * @param name    owner name, dotted, without the trailing dot
 * @param type    TYPE (1 A, 28 AAAA, 5 CNAME, 12 PTR, 33 SRV, 16 TXT, ...)
 * @param ttl     TTL in seconds
 * @param data    presentation form for A, AAAA (address), CNAME, PTR, NS (name), MX ("preference exchange"),
 *                SRV ("priority weight port target"), TXT (strings joined by ", " as tshark lists them);
 *                null for other types
 */
public record DnsRecord(String section, String name, int type, long ttl, String data) {
}
