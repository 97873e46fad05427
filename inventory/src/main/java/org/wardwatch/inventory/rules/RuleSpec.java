package org.wardwatch.inventory.rules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One rule as written in {@code rules.yaml} (see docs/inventory.md, "Rules"). A rule fires on an
 * observation of one of its {@code on} types when every {@code when} condition holds, finds the device
 * through {@code device}, and then does what its other fields say: {@code claims} and/or a
 * {@code lookup} (attribute claims), {@code hostname}, {@code role}, {@code software}, {@code address}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record RuleSpec(String id, List<String> on, DeviceSpec device, Map<String, ConditionSpec> when,
                       Map<String, String> claims, LookupSpec lookup, Double weight, String source,
                       HostnameSpec hostname, RoleSpec role, SoftwareSpec software, AddressSpec address,
                       String foreach, String note) {

    /** Field paths naming the device: a MAC, or an IP address with its VLAN. The MAC wins when both are present. */
    public record DeviceSpec(String mac, String ip, String vlan) {
    }

    /** A test on one field's text form. Several keys in one condition must all hold. */
    public record ConditionSpec(String equals, List<String> in, String prefix, String regex, Boolean present,
                                @com.fasterxml.jackson.annotation.JsonProperty("not_equals") String notEquals,
                                @com.fasterxml.jackson.annotation.JsonProperty("not_in") List<String> notIn) {
    }

    /**
     * Look a field up in a knowledge table; the row's attribute outputs become claims.
     *
     * @param key  a field path, or a template with {@code ${path}} parts
     * @param each  the field is a list: look up every element
     * @param regex applied to the key first: its group 1 (or whole match) is what is looked up; no match, no lookup
     */
    public record LookupSpec(String table, String key, Boolean each, String regex) {
    }

    /** A host name from a field; with {@code regex}, its group 1 (e.g. the CN of a certificate subject). */
    public record HostnameSpec(String field, String source, String regex) {
    }

    /** Templates for a clinical role: protocol and role are literals or {@code ${path}}; name/peer/detail too. */
    public record RoleSpec(String protocol, String role, String name, String peer, String detail) {
    }

    public record SoftwareSpec(String product, String version) {
    }

    /** A MAC↔IP binding the observation proves (DHCP ACK, ARP). */
    public record AddressSpec(String mac, String ip, String vlan) {
    }
}
