package org.wardwatch.sim.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's device catalogue ({@code catalog.json}) and DHCP fingerprints
 * ({@code dhcp-fingerprints.json}, derived from Fingerbank under ODbL): every identity fact with the
 * key of its source, so the truth file can say where each fact comes from.
 */
public final class Catalog {
    /** A fact and where it comes from; {@code src} keys index {@link #sources()}. */
    public record Fact(String value, List<String> src, String note) {
    }

    public record Source(String title, String url) {
    }

    /** The MAC prefix a device carries, and whether a source ties it to the product. */
    public record Oui(String prefix, String org, List<String> src, String pairing, List<String> pairingSrc,
                      String pairingNote, String note) {
        public long macPrefix() {
            return Long.parseLong(prefix, 16) << 24;
        }
    }

    public record Addressing(String mode, List<String> src, String fingerprint, String basis, String note) {
        public boolean dhcp() {
            return "dhcp".equals(mode);
        }
    }

    /** A service the device listens on (documented exposure). */
    public record Listen(int port, String proto, String service, List<String> src) {
    }

    /** The link a device keeps with its vendor server; {@code portBasis} "assumed" when the port is a simulator choice. */
    public record VendorLink(int port, String proto, @JsonProperty("port_basis") String portBasis, List<String> src, String note) {
    }

    public record DicomIdentity(String aePrefix, String implClassUid, String implVersionName, String manufacturer, String model,
                                String softwareVersions, String modality, String sopClass, List<String> src, String note) {
    }

    public record Hl7Identity(String sendingApp, List<String> src) {
    }

    public record BacnetIdentity(int vendorId, List<String> src) {
    }

    /** What a POCT1-A device says of itself in its HEL.R01 DEV element. */
    public record Poct1aIdentity(String manufacturerName, String modelId, List<String> src, String note) {
    }

    /** The Windows release (major.minor.build) a Windows device announces in NTLM's VERSION field. */
    public record WindowsRelease(int major, int minor, int build, List<String> src, String note) {
    }

    public record Profile(String id, @JsonProperty("class") String deviceClass, String category, Fact vendor, Fact model, Fact os,
                          Fact firmware, Oui oui, Addressing addressing, int ttl, boolean wireless, String role, String dnsName,
                          List<Listen> listens, VendorLink vendorLink, DicomIdentity dicom, Hl7Identity hl7, BacnetIdentity bacnet,
                          WindowsRelease windows, Poct1aIdentity poct1a, boolean disabled) {
        public Profile {
            listens = listens == null ? List.of() : List.copyOf(listens);
        }
    }

    /**
     * Server software the hospital runs for a function (pump server, PACS, interface engine...);
     * {@code forProfiles} names the device profiles it serves when it is vendor-specific.
     */
    public record Application(String id, String function, List<String> forProfiles, String hostProfile, Fact application,
                              Oui oui, Hl7Identity hl7, DicomIdentity dicom, List<Listen> listens) {
        public Application {
            forProfiles = forProfiles == null ? List.of() : List.copyOf(forProfiles);
            listens = listens == null ? List.of() : List.copyOf(listens);
        }
    }

    /** A DHCP client fingerprint (option 55 list, option 60) from Fingerbank. */
    public record DhcpFingerprint(String id, String description, List<Integer> prl, String vendorClass) {
    }

    private final Map<String, Profile> profiles;
    private final Map<String, Source> sources;
    private final Map<String, DhcpFingerprint> fingerprints;
    private final Map<String, Application> applications;

    private Catalog(Map<String, Profile> profiles, Map<String, Source> sources, Map<String, DhcpFingerprint> fingerprints,
                    Map<String, Application> applications) {
        this.applications = applications;
        this.profiles = profiles;
        this.sources = sources;
        this.fingerprints = fingerprints;
    }

    /** Loads the catalogue shipped with the simulator. */
    public static Catalog load() {
        ObjectMapper om = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream c = Catalog.class.getResourceAsStream("/org/wardwatch/sim/catalog.json");
             InputStream f = Catalog.class.getResourceAsStream("/org/wardwatch/sim/dhcp-fingerprints.json")) {
            if (c == null || f == null) {
                throw new IllegalStateException("simulator catalogue missing from the classpath");
            }
            JsonNode root = om.readTree(c);
            Map<String, Source> sources = new LinkedHashMap<>();
            root.get("sources").fields().forEachRemaining(e -> sources.put(e.getKey(), om.convertValue(e.getValue(), Source.class)));
            Map<String, Profile> profiles = new LinkedHashMap<>();
            for (JsonNode p : root.get("profiles")) {
                Profile profile = om.convertValue(p, Profile.class);
                profiles.put(profile.id(), profile);
            }
            Map<String, Application> applications = new LinkedHashMap<>();
            for (JsonNode a : root.get("applications")) {
                Application app = om.convertValue(a, Application.class);
                applications.put(app.id(), app);
            }
            JsonNode fp = om.readTree(f);
            Map<String, DhcpFingerprint> fingerprints = new LinkedHashMap<>();
            fp.get("entries").fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                List<Integer> prl = new java.util.ArrayList<>();
                v.get("prl").forEach(n -> prl.add(n.asInt()));
                fingerprints.put(e.getKey(), new DhcpFingerprint(e.getKey(), v.get("description").asText(), List.copyOf(prl),
                        v.get("vendorClass").isNull() ? null : v.get("vendorClass").asText()));
            });
            return new Catalog(profiles, sources, fingerprints, applications);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Profile profile(String id) {
        Profile p = profiles.get(id);
        if (p == null || p.disabled()) {
            throw new IllegalArgumentException("no enabled device profile " + id);
        }
        return p;
    }

    public Map<String, Profile> profiles() {
        return profiles;
    }

    public Map<String, Source> sources() {
        return sources;
    }

    public DhcpFingerprint fingerprint(String id) {
        DhcpFingerprint f = fingerprints.get(id);
        if (f == null) {
            throw new IllegalArgumentException("no DHCP fingerprint " + id);
        }
        return f;
    }

    public Map<String, Application> applications() {
        return applications;
    }

    /** The application serving {@code function}, specific to {@code profileId} when one is, else the generic one. */
    public Application application(String function, String profileId) {
        Application generic = null;
        for (Application a : applications.values()) {
            if (!a.function().equals(function)) {
                continue;
            }
            if (profileId != null && a.forProfiles().contains(profileId)) {
                return a;
            }
            if (a.forProfiles().isEmpty() && generic == null) {
                generic = a;
            }
        }
        if (generic == null) {
            throw new IllegalArgumentException("no application for " + function + " / " + profileId);
        }
        return generic;
    }

    public Map<String, DhcpFingerprint> fingerprints() {
        return fingerprints;
    }
}
