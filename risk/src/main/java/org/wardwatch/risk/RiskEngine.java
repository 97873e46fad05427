package org.wardwatch.risk;

import static org.wardwatch.risk.Decimals.fixed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.finding.AdvisoryRef;
import org.wardwatch.model.finding.CvssScore;
import org.wardwatch.model.finding.DeviceRisk;
import org.wardwatch.model.finding.Finding;
import org.wardwatch.model.finding.FindingEvidence;
import org.wardwatch.model.finding.FindingKind;
import org.wardwatch.model.finding.MatchCertainty;
import org.wardwatch.model.finding.Severity;
import org.wardwatch.risk.controls.ControlMappings;
import org.wardwatch.risk.cvss.CvssV3Vectors;
import org.wardwatch.risk.cvss.MedicalDeviceRubric;
import org.wardwatch.risk.intel.Advisory;
import org.wardwatch.risk.intel.AdvisoryVulnerability;
import org.wardwatch.risk.intel.AffectedProduct;
import org.wardwatch.risk.intel.IntelBundle;
import org.wardwatch.risk.intel.PublishedScore;
import org.wardwatch.risk.intel.Remediation;
import org.wardwatch.risk.intel.Sbom;
import org.wardwatch.risk.intel.SbomComponent;
import org.wardwatch.risk.intel.VexStatement;
import org.wardwatch.risk.match.AdvisoryMatcher;
import org.wardwatch.risk.match.ProductMatch;
import org.wardwatch.risk.score.OsLifecycle;
import org.wardwatch.risk.score.RiskWeights;
import org.wardwatch.risk.weakness.WeaknessEngine;

/**
 * Turns devices, imported intel and observed weaknesses into findings and one score per device
 * (method: docs/risk.md). Deterministic: the same inputs give the same findings in the same order,
 * with the analysis time taken from the traffic (the last observation), never the wall clock.
 */
public final class RiskEngine {
    private static final int MAX_REMEDIATION_CHARS = 2000;

    private final IntelBundle intel;
    private final AdvisoryMatcher matcher;
    private final MedicalDeviceRubric rubric;
    private final ControlMappings controls;
    private final RiskWeights weights;
    private final OsLifecycle lifecycle;

    public RiskEngine(IntelBundle intel) {
        this(intel, new AdvisoryMatcher(), MedicalDeviceRubric.defaults(), ControlMappings.defaults(), RiskWeights.defaults(),
                OsLifecycle.defaults());
    }

    public RiskEngine(IntelBundle intel, AdvisoryMatcher matcher, MedicalDeviceRubric rubric, ControlMappings controls,
                      RiskWeights weights, OsLifecycle lifecycle) {
        this.intel = intel;
        this.matcher = matcher;
        this.rubric = rubric;
        this.controls = controls;
        this.weights = weights;
        this.lifecycle = lifecycle;
    }

    /** Per-device context gathered from the traffic. */
    private static final class Context {
        final DeviceFacts device;
        long phiMessages;
        final Set<String> exposures = new LinkedHashSet<>();
        final List<Finding> findings = new ArrayList<>();

        Context(DeviceFacts device) {
            this.device = device;
        }
    }

    /**
     * Analyzes {@code devices}; {@code weaknesses} (may be null) holds what the observation stream
     * showed; {@code now} is the analysis time (end-of-support dates), null = the last observation's time.
     */
    public RiskResult analyze(List<DeviceFacts> devices, WeaknessEngine weaknesses, Instant now) {
        Map<String, Context> ctx = new LinkedHashMap<>();
        for (DeviceFacts d : devices) {
            ctx.put(d.id(), new Context(d));
        }
        Instant at = now != null ? now : weaknesses != null ? weaknesses.latest() : null;
        AddressBook book = new AddressBook(devices);
        List<RiskResult.Suppressed> suppressed = new ArrayList<>();
        if (weaknesses != null) {
            observed(weaknesses, book, ctx);
        }
        for (Context c : ctx.values()) {
            endOfSupport(c, at);
        }
        flatNetwork(ctx);
        Map<String, AdvisoryAccumulator> affecting = new LinkedHashMap<>();
        for (Context c : ctx.values()) {
            advisories(c, affecting, suppressed);
            sboms(c, suppressed);
        }
        List<Finding> all = new ArrayList<>();
        List<DeviceRisk> scores = new ArrayList<>();
        for (Context c : ctx.values()) {
            c.findings.sort(Comparator.comparingDouble(Finding::likelihood).reversed()
                    .thenComparing(f -> f.severity().ordinal()).thenComparing(Finding::id));
            scores.add(score(c));
        }
        scores.sort(Comparator.comparingInt(DeviceRisk::score).reversed().thenComparing(DeviceRisk::deviceId));
        for (DeviceRisk r : scores) {
            all.addAll(ctx.get(r.deviceId()).findings);
        }
        List<RiskResult.AdvisoryImpact> impacts = new ArrayList<>();
        for (AdvisoryAccumulator a : affecting.values()) {
            impacts.add(a.toImpact());
        }
        impacts.sort(Comparator.comparing((RiskResult.AdvisoryImpact i) -> -i.devices().size())
                .thenComparing(i -> i.maxBaseScore() == null ? 0 : -i.maxBaseScore()).thenComparing(RiskResult.AdvisoryImpact::id));
        int withFindings = (int) ctx.values().stream().filter(c -> !c.findings.isEmpty()).count();
        var stats = new RiskResult.Stats(devices.size(), intel.advisories().size(), intel.sboms().size(), all.size(), withFindings,
                weaknesses == null ? 0 : weaknesses.dropped());
        return new RiskResult(all, scores, impacts, suppressed, stats);
    }

    // ------------------------------------------------------------------ observed weaknesses

    /** (vlan, ip) → the devices that held the address, with when. */
    private static final class AddressBook {
        private final Map<String, List<DeviceFacts.Address>> periods = new HashMap<>();
        /** The same periods keyed by address alone, for devices seen untagged in one place and tagged in another. */
        private final Map<String, List<DeviceFacts.Address>> anyVlan = new HashMap<>();
        private final Map<DeviceFacts.Address, String> owner = new HashMap<>();

        AddressBook(List<DeviceFacts> devices) {
            for (DeviceFacts d : devices) {
                for (DeviceFacts.Address a : d.addresses()) {
                    String ip = a.ip().toString();
                    List<DeviceFacts.Address> list = periods.computeIfAbsent(key(a.vlan(), ip), k -> new ArrayList<>());
                    list.add(a);
                    anyVlan.putIfAbsent(ip, list);
                    owner.put(a, d.id());
                }
            }
        }

        private static String key(int vlan, String ip) {
            return vlan + "|" + ip;
        }

        /** The device that held the address at {@code ts} (or most recently), else null. */
        String resolve(WeaknessEngine.Endpoint ep, Instant ts) {
            String ip;
            try {
                ip = IpAddress.parse(ep.ip()).toString();
            } catch (RuntimeException e) {
                return null;
            }
            List<DeviceFacts.Address> list = periods.get(key(ep.vlan(), ip));
            if (list == null) {
                // devices seen untagged in one place and tagged in another: fall back to any VLAN
                list = anyVlan.get(ip);
            }
            if (list == null) {
                return null;
            }
            DeviceFacts.Address best = null;
            for (DeviceFacts.Address a : list) {
                boolean covers = ts != null && a.firstSeen() != null && a.lastSeen() != null
                        && !ts.isBefore(a.firstSeen()) && !ts.isAfter(a.lastSeen());
                if (covers) {
                    return owner.get(a);
                }
                if (best == null || (a.lastSeen() != null && best.lastSeen() != null && a.lastSeen().isAfter(best.lastSeen()))) {
                    best = a;
                }
            }
            return best == null ? null : owner.get(best);
        }
    }

    private void observed(WeaknessEngine w, AddressBook book, Map<String, Context> ctx) {
        for (Map.Entry<WeaknessEngine.Endpoint, WeaknessEngine.EndpointFacts> e : w.endpoints().entrySet()) {
            Context c = contextFor(e.getKey(), null, book, ctx);
            if (c == null) {
                continue;
            }
            c.phiMessages += e.getValue().phiMessages();
            c.exposures.addAll(e.getValue().exposures());
            dicomPromiscuous(c, e.getKey(), e.getValue(), w);
        }
        Map<String, Finding> merged = new LinkedHashMap<>();
        Map<String, Context> owners = new HashMap<>();
        for (WeaknessEngine.Hit h : w.hits()) {
            Context c = contextFor(h.endpoint(), h.first(), book, ctx);
            if (c == null) {
                continue;
            }
            var r = h.rule();
            String id = r.kind().jsonName() + ":" + c.device.id() + ":" + r.id();
            List<FindingEvidence> ev = new ArrayList<>();
            for (String s : h.samples()) {
                ev.add(new FindingEvidence(r.observation(), s, h.first(), h.last(), h.count()));
            }
            Finding f = finding(id, c.device.id(), r.kind(), r.severity(), h.title(),
                    h.detail() + " Seen " + h.count() + " time(s) at " + h.endpoint() + ".", ev, r.remediation(), null,
                    List.of(), List.of(), List.of(), null, null, refs(r.references(), r.source()), r.likelihood(),
                    h.first(), h.last());
            Finding prev = merged.get(id);
            if (prev != null) {
                List<FindingEvidence> both = new ArrayList<>(prev.evidence());
                both.addAll(ev);
                f = finding(id, prev.deviceId(), prev.kind(), prev.severity(), prev.title(), prev.detail(),
                        both.subList(0, Math.min(both.size(), 6)), prev.remediation(), null, List.of(), List.of(), List.of(),
                        null, null, prev.references(), prev.likelihood(), min(prev.firstSeen(), h.first()), max(prev.lastSeen(), h.last()));
            }
            merged.put(id, f);
            owners.put(id, c);
        }
        for (Map.Entry<String, Finding> e : merged.entrySet()) {
            owners.get(e.getKey()).findings.add(e.getValue());
        }
    }

    /** The device context of an endpoint; endpoints not in the inventory get one only when they are not on the internet. */
    private Context contextFor(WeaknessEngine.Endpoint ep, Instant ts, AddressBook book, Map<String, Context> ctx) {
        String id = book.resolve(ep, ts);
        if (id != null) {
            return ctx.get(id);
        }
        IpAddress ip;
        try {
            ip = IpAddress.parse(ep.ip());
        } catch (RuntimeException e) {
            return null;
        }
        if (!ip.isPrivate() || ip.isMulticast() || ip.isBroadcast()) {
            return null;
        }
        String pseudo = "ip-" + ep.vlan() + "-" + ip;
        return ctx.computeIfAbsent(pseudo, k -> new Context(new DeviceFacts(k, ip.toString(), null, null, null, null, null,
                "unknown", List.of(new DeviceFacts.Address(ip, ep.vlan(), null, null)), List.of(), List.of())));
    }

    private void dicomPromiscuous(Context c, WeaknessEngine.Endpoint ep, WeaknessEngine.EndpointFacts f, WeaknessEngine w) {
        if (f.acceptedDefaultAe().isEmpty() || f.rejectedUnknownCaller()) {
            return;
        }
        String id = FindingKind.DICOM_PROMISCUOUS_SCP.jsonName() + ":" + c.device.id();
        if (c.findings.stream().anyMatch(x -> x.id().equals(id))) {
            return;
        }
        List<FindingEvidence> ev = new ArrayList<>();
        for (String s : f.acceptedDefaultAe()) {
            ev.add(new FindingEvidence("dicom_association_accepted", "accepted an association with " + s + " at " + ep,
                    f.firstDefaultAe(), f.lastDefaultAe(), f.defaultAeCount()));
        }
        c.findings.add(finding(id, c.device.id(), FindingKind.DICOM_PROMISCUOUS_SCP, weights.dicomSeverity(),
                "DICOM SCP accepts tools' default AE titles",
                "The device's DICOM service accepted associations using AE titles that DICOM tools use by default ("
                        + String.join(", ", f.acceptedDefaultAe()) + "), and no association was seen rejected for an "
                        + "unknown AE title: it does not appear to check who calls it, so any host that reaches the port can "
                        + "store, query or retrieve images.",
                ev, "Configure the SCP to accept only the calling AE titles (and hosts) of its known peers; restrict the DICOM "
                        + "port to those hosts at the network.", null, List.of(), List.of(), List.of(), null, null,
                refs(List.of("https://dicom.nema.org/medical/dicom/current/output/chtml/part08/sect_9.3.4.html"), weights.dicomSource()),
                weights.dicomLikelihood(), f.firstDefaultAe(), f.lastDefaultAe()));
    }

    // ------------------------------------------------------------------ device-level rules

    private void endOfSupport(Context c, Instant at) {
        String os = c.device.os();
        if (os == null) {
            return;
        }
        Optional<OsLifecycle.Entry> e = lifecycle.find(os);
        if (e.isEmpty()) {
            return;
        }
        LocalDate today = at == null ? null : at.atZone(ZoneOffset.UTC).toLocalDate();
        if (today != null && !e.get().endOfSupport().isBefore(today)) {
            return;
        }
        c.findings.add(finding(FindingKind.END_OF_SUPPORT_OS.jsonName() + ":" + c.device.id(), c.device.id(),
                FindingKind.END_OF_SUPPORT_OS, weights.eosSeverity(), "End-of-support operating system: " + e.get().name(),
                "The device runs \"" + os + "\", whose maker ended security updates on " + e.get().endOfSupport()
                        + (today == null ? "" : " (analysis time " + today + ")") + ".",
                List.of(new FindingEvidence("device.os", "os=" + os, null, null, 1)),
                "Ask the device maker for a supported OS update or a replacement plan; until then isolate the device "
                        + "(allow only its required peers), disable unneeded services (SMB, RDP) and monitor it.",
                null, List.of(), List.of(), List.of(), null, null, refs(List.of(e.get().source()), weights.eosSource()),
                weights.eosLikelihood(), null, null));
    }

    private void flatNetwork(Map<String, Context> ctx) {
        // segment = VLAN id, or for untagged traffic the IPv4 /24 (a proxy: the capture shows no VLAN)
        Map<String, List<Context>> workstations = new HashMap<>();
        for (Context c : ctx.values()) {
            if (c.device.category() != null && weights.userWorkstationCategories().contains(c.device.category())) {
                for (String seg : segments(c.device)) {
                    workstations.computeIfAbsent(seg, k -> new ArrayList<>()).add(c);
                }
            }
        }
        for (Context c : ctx.values()) {
            if (!weights.medicalCriticalities().contains(c.device.criticality())) {
                continue;
            }
            for (String seg : segments(c.device)) {
                List<Context> ws = workstations.get(seg);
                if (ws == null || ws.isEmpty()) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                for (Context w : ws) {
                    if (names.size() < 5) {
                        names.add(w.device.id());
                    }
                }
                c.findings.add(finding(FindingKind.FLAT_NETWORK.jsonName() + ":" + c.device.id(), c.device.id(),
                        FindingKind.FLAT_NETWORK, weights.flatSeverity(), "Medical device shares a network segment with user workstations",
                        "The device (criticality " + c.device.criticality() + ") is on " + seg + " together with " + ws.size()
                                + " user workstation(s) (" + String.join(", ", names) + (ws.size() > names.size() ? ", …" : "")
                                + "): malware on any of them can reach the device directly.",
                        List.of(new FindingEvidence("device.segment", seg + " shared with " + String.join(", ", names), null, null, ws.size())),
                        "Move medical devices to their own VLAN(s) and allow only their required flows (see the segmentation policy).",
                        null, List.of(), List.of(), List.of(), null, null, refs(List.of(), weights.flatSource()),
                        weights.flatLikelihood(), null, null));
                break;
            }
        }
    }

    private static List<String> segments(DeviceFacts d) {
        Set<String> out = new LinkedHashSet<>();
        for (DeviceFacts.Address a : d.addresses()) {
            if (a.vlan() != 0) {
                out.add("VLAN " + a.vlan());
            } else if (!a.ip().v6()) {
                long v = a.ip().lo();
                out.add("untagged subnet " + ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + ".0/24");
            }
        }
        return new ArrayList<>(out);
    }

    // ------------------------------------------------------------------ advisories

    private static final class AdvisoryAccumulator {
        final Advisory advisory;
        final Set<String> devices = new LinkedHashSet<>();
        MatchCertainty best;

        AdvisoryAccumulator(Advisory a) {
            this.advisory = a;
        }

        RiskResult.AdvisoryImpact toImpact() {
            Set<String> cves = new LinkedHashSet<>();
            Double max = null;
            for (AdvisoryVulnerability v : advisory.vulnerabilities()) {
                if (v.cve() != null) {
                    cves.add(v.cve());
                }
                for (PublishedScore s : v.scores()) {
                    if (s.baseScore() != null && (max == null || s.baseScore() > max)) {
                        max = s.baseScore();
                    }
                }
            }
            return new RiskResult.AdvisoryImpact(advisory.id(), advisory.source(), advisory.title(), advisory.publisher(),
                    advisory.url(), new ArrayList<>(cves), max, new ArrayList<>(devices), best);
        }
    }

    private void advisories(Context c, Map<String, AdvisoryAccumulator> affecting, List<RiskResult.Suppressed> suppressed) {
        DeviceFacts d = c.device;
        boolean identity = d.vendor() != null && d.model() != null;
        if (!identity && d.software().isEmpty()) {
            return;
        }
        for (Advisory a : intel.advisories()) {
            Map<String, ProductMatch> matched = new HashMap<>();
            for (AffectedProduct p : a.products()) {
                Optional<ProductMatch> m = identity ? matcher.match(d, p) : Optional.empty();
                for (DeviceFacts.SoftwareFacts sw : d.software()) {
                    Optional<ProductMatch> ms = matcher.matchSoftware(sw, p);
                    if (ms.isPresent() && (m.isEmpty() || ms.get().certainty().ordinal() < m.get().certainty().ordinal())) {
                        m = ms;
                    }
                }
                m.ifPresent(x -> matched.put(p.productId(), x));
            }
            if (matched.isEmpty()) {
                continue;
            }
            int index = 0;
            for (AdvisoryVulnerability v : a.vulnerabilities()) {
                index++;
                ProductMatch best = best(v.affected(), matched);
                if (best == null) {
                    continue;
                }
                List<String> clear = new ArrayList<>(v.fixed());
                clear.addAll(v.notAffected());
                ProductMatch ruledOut = best(clear, matched);
                if (ruledOut != null && ruledOut.certainty().ordinal() <= MatchCertainty.VERSION_RANGE.ordinal()
                        && ruledOut.certainty().ordinal() <= best.certainty().ordinal()) {
                    suppressed.add(new RiskResult.Suppressed(d.id(), v.cve() != null ? v.cve() : a.id(), null,
                            v.fixed().contains(ruledOut.product().productId()) ? "fixed" : "known_not_affected", null,
                            a.id() + ": " + ruledOut.reason()));
                    continue;
                }
                Finding f = advisoryFinding(c, a, v, index, best);
                c.findings.add(f);
                AdvisoryAccumulator acc = affecting.computeIfAbsent(a.source() + ":" + a.id(), k -> new AdvisoryAccumulator(a));
                acc.devices.add(d.id());
                if (acc.best == null || best.certainty().ordinal() < acc.best.ordinal()) {
                    acc.best = best.certainty();
                }
            }
        }
    }

    private static ProductMatch best(List<String> productIds, Map<String, ProductMatch> matched) {
        ProductMatch best = null;
        for (String pid : productIds) {
            ProductMatch m = matched.get(pid);
            if (m != null && (best == null || m.certainty().ordinal() < best.certainty().ordinal())) {
                best = m;
            }
        }
        return best;
    }

    private Finding advisoryFinding(Context c, Advisory a, AdvisoryVulnerability v, int index, ProductMatch m) {
        DeviceFacts d = c.device;
        String pid = m.product().productId();
        List<CvssScore> cvss = new ArrayList<>();
        Double bestV3 = null;
        Double bestAny = null;
        Double exploit = null;
        for (PublishedScore s : v.scores()) {
            if (!s.products().isEmpty() && !s.products().contains(pid)) {
                continue;
            }
            cvss.add(scored(s, c));
            CvssScore last = cvss.get(cvss.size() - 1);
            double eff = last.rubricScore() != null ? last.rubricScore() : s.baseScore() == null ? 0 : s.baseScore();
            if (bestAny == null || eff > bestAny) {
                bestAny = eff;
            }
            if (s.version().startsWith("3")) {
                Double e = CvssV3Vectors.exploitability(s.vector());
                if (e != null && (exploit == null || e > exploit)) {
                    exploit = e;
                    bestV3 = eff;
                }
            }
        }
        Severity severity = bestV3 != null ? Severity.ofCvss(bestV3) : bestAny != null ? Severity.ofCvss(bestAny) : Severity.MEDIUM;
        double base = v.knownExploited() ? weights.knownExploited()
                : exploit != null ? Math.min(1.0, exploit / CvssV3Vectors.MAX_EXPLOITABILITY) : weights.noVector();
        double likelihood = round3(base * weights.certainty(m.certainty()));

        String cve = v.cve();
        String key = cve != null ? cve : "vuln-" + index;
        String title = (cve != null ? cve + ": " : "") + (v.title() != null ? v.title()
                : !v.cwes().isEmpty() && v.cwes().get(0).name() != null ? v.cwes().get(0).name() : a.title());
        StringBuilder detail = new StringBuilder();
        detail.append(a.id()).append(" (").append(a.title()).append(")");
        if (v.summary() != null) {
            detail.append(": ").append(v.summary());
        }
        if (v.exploitNote() != null) {
            detail.append(" Exploitation: ").append(v.exploitNote());
        }
        List<FindingEvidence> ev = new ArrayList<>();
        ev.add(new FindingEvidence("device.vendor", "vendor=" + (d.vendor() == null ? "(unknown)" : d.vendor()), null, null, 1));
        ev.add(new FindingEvidence("device.model", "model=" + (d.model() == null ? "(unknown)" : d.model()), null, null, 1));
        ev.add(new FindingEvidence("device.firmware", "firmware=" + (d.firmware() == null ? "(unknown)" : d.firmware()), null, null, 1));
        for (DeviceFacts.SoftwareFacts sw : d.software()) {
            if (m.reason().contains("announced software \"" + sw.product())) {
                ev.add(new FindingEvidence("device.software", sw.product() + (sw.version() == null ? "" : " " + sw.version())
                        + (sw.source() == null ? "" : " from " + sw.source()), null, null, 1));
            }
        }
        if (d.os() != null) {
            ev.add(new FindingEvidence("device.os", "os=" + d.os(), null, null, 1));
        }
        List<String> refs = new ArrayList<>(v.references());
        if (a.url() != null && !refs.contains(a.url())) {
            refs.add(0, a.url());
        }
        AdvisoryRef ref = new AdvisoryRef(a.id(), a.source(), a.title(), a.publisher(), a.url(), a.released(), a.file());
        return finding(FindingKind.KNOWN_VULNERABILITY.jsonName() + ":" + d.id() + ":" + a.id() + ":" + key, d.id(),
                FindingKind.KNOWN_VULNERABILITY, severity, title, detail.toString(), ev, remediation(v.remediations(), pid), ref,
                cve == null ? List.of() : List.of(cve), cvss, v.cwes(), m.certainty(), m.reason(), refs, likelihood, null, null);
    }

    private CvssScore scored(PublishedScore s, Context c) {
        Double base = s.baseScore();
        String rv = null;
        Double rs = null;
        List<String> answers = List.of();
        if (s.version().startsWith("3")) {
            if (base == null) {
                base = CvssV3Vectors.baseScore(s.vector());
            }
            var adj = rubric.adjust(s.vector(), new MedicalDeviceRubric.DeviceContext(c.device.criticality(), c.phiMessages));
            if (adj != null) {
                rv = adj.vector();
                rs = adj.score();
                answers = adj.answers().isEmpty() ? List.of("no rubric question applies: criticality "
                        + c.device.criticality() + ", no patient data seen, or the vector rates no impact") : adj.answers();
            }
        }
        return new CvssScore(s.version(), s.vector(), base, s.source(), rv, rs, answers);
    }

    private static String remediation(List<Remediation> rems, String pid) {
        StringBuilder sb = new StringBuilder();
        List<Remediation> sorted = new ArrayList<>(rems);
        sorted.sort(Comparator.comparing(r -> r.category().equals("vendor_fix") ? 0 : r.category().equals("mitigation") ? 1 : 2));
        Set<String> seen = new LinkedHashSet<>();
        for (Remediation r : sorted) {
            if (!r.products().isEmpty() && !r.products().contains(pid)) {
                continue;
            }
            String text = r.details() + (r.url() != null && !r.details().contains(r.url()) ? " " + r.url() : "");
            if (!seen.add(text)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(r.category().replace('_', ' ')).append(": ").append(text);
            if (sb.length() > MAX_REMEDIATION_CHARS) {
                sb.setLength(MAX_REMEDIATION_CHARS);
                sb.append('…');
                break;
            }
        }
        return sb.length() == 0 ? "Contact the device maker for an update; isolate the device until it is patched." : sb.toString();
    }

    // ------------------------------------------------------------------ SBOM / VEX

    private void sboms(Context c, List<RiskResult.Suppressed> suppressed) {
        DeviceFacts d = c.device;
        if (d.vendor() == null || d.model() == null) {
            return;
        }
        for (Sbom s : intel.sboms()) {
            if (s.subject() == null) {
                continue;
            }
            SbomComponent subj = s.subject();
            AffectedProduct asProduct = new AffectedProduct("sbom-subject", subj.vendor(), subj.name(), subj.version(),
                    "product_version", subj.name(), subj.cpe(), subj.purl(), null, null, List.of());
            Optional<ProductMatch> subjectMatch = matcher.match(d, asProduct);
            if (subjectMatch.isEmpty()) {
                continue;
            }
            ProductMatch sm = subjectMatch.get();
            Map<String, SbomComponent> byRef = new HashMap<>();
            for (SbomComponent comp : s.components()) {
                if (comp.ref() != null) {
                    byRef.put(comp.ref(), comp);
                }
            }
            if (subj.ref() != null) {
                byRef.put(subj.ref(), subj);
            }
            // VEX statements about this SBOM's components: from this document (local refs) or any other (BOM-Links)
            Map<String, VexStatement> vexByKey = new LinkedHashMap<>();
            for (Sbom doc : intel.sboms()) {
                for (VexStatement v : doc.vex()) {
                    for (String ref : v.affects()) {
                        SbomComponent comp = resolveRef(ref, doc, s, byRef);
                        if (comp != null) {
                            vexByKey.put(v.id() + "|" + key(comp), v);
                        }
                    }
                }
            }
            Set<String> reported = new LinkedHashSet<>();
            for (Map.Entry<String, VexStatement> e : vexByKey.entrySet()) {
                VexStatement v = e.getValue();
                SbomComponent comp = componentOf(e.getKey(), byRef, s);
                if (v.suppresses()) {
                    suppressed.add(new RiskResult.Suppressed(d.id(), v.id(), label(comp), v.state(), v.justification(),
                            "VEX in SBOM " + s.serial() + (v.detail() != null ? ": " + v.detail() : "")));
                    continue;
                }
                reported.add(e.getKey());
                c.findings.add(sbomFinding(c, s, sm, comp, v.id(), v.description() != null ? v.description() : v.detail(),
                        v.ratings(), v.cwes(), v.recommendation(), v.references(),
                        "VEX state " + (v.state() == null ? "(no analysis: listed as affecting the component)" : v.state())
                                + (v.responses().isEmpty() ? "" : ", responses " + v.responses()), null, false));
            }
            // NVD CVEs whose CPE configurations match a component (unless VEX already spoke about that pair)
            for (SbomComponent comp : s.components()) {
                DeviceFacts asDevice = componentAsDevice(comp);
                if (asDevice == null) {
                    continue;
                }
                for (Advisory a : intel.advisories()) {
                    if (!a.source().equals("nvd")) {
                        continue;
                    }
                    ProductMatch best = null;
                    for (AffectedProduct p : a.products()) {
                        Optional<ProductMatch> m = matcher.match(asDevice, p);
                        if (m.isPresent() && (best == null || m.get().certainty().ordinal() < best.certainty().ordinal())) {
                            best = m.get();
                        }
                    }
                    if (best == null || best.certainty() == MatchCertainty.PRODUCT_FAMILY) {
                        continue;
                    }
                    String k = a.id() + "|" + key(comp);
                    if (vexByKey.containsKey(k) || reported.contains(k)) {
                        continue;
                    }
                    reported.add(k);
                    AdvisoryVulnerability v = a.vulnerabilities().get(0);
                    c.findings.add(sbomFinding(c, s, sm, comp, a.id(), v.summary(), v.scores(), v.cwes(),
                            remediation(v.remediations(), null), v.references(),
                            "no VEX statement; component matched NVD: " + best.reason(), best.certainty(), v.knownExploited()));
                }
            }
        }
    }

    private static String key(SbomComponent c) {
        return (c.ref() != null ? c.ref() : "") + "|" + c.name() + "|" + c.version();
    }

    private static SbomComponent componentOf(String vexKey, Map<String, SbomComponent> byRef, Sbom s) {
        String[] parts = vexKey.split("\\|", -1);
        SbomComponent c = byRef.get(parts[1]);
        if (c != null) {
            return c;
        }
        for (SbomComponent x : s.components()) {
            if ((parts[1] + "|" + parts[2] + "|" + parts[3]).equals(key(x))) {
                return x;
            }
        }
        return s.subject();
    }

    /** A local bom-ref (when the VEX is in the same document) or a BOM-Link urn:cdx:serial/version#ref into {@code target}. */
    private static SbomComponent resolveRef(String ref, Sbom doc, Sbom target, Map<String, SbomComponent> byRef) {
        if (ref.startsWith("urn:cdx:")) {
            int hash = ref.indexOf('#');
            int slash = ref.lastIndexOf('/', hash < 0 ? ref.length() : hash);
            if (hash < 0 || slash < 0) {
                return null;
            }
            String serial = "urn:uuid:" + ref.substring("urn:cdx:".length(), slash);
            if (!serial.equalsIgnoreCase(target.serial())) {
                return null;
            }
            return byRef.get(java.net.URLDecoder.decode(ref.substring(hash + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return doc == target ? byRef.get(ref) : null;
    }

    private static DeviceFacts componentAsDevice(SbomComponent comp) {
        String vendor = comp.vendor();
        String name = comp.name();
        String version = comp.version();
        if (comp.cpe() != null && comp.cpe().startsWith("cpe:2.3:")) {
            String[] f = comp.cpe().split(":");
            if (f.length > 5) {
                vendor = f[3].replace('_', ' ');
                name = f[4].replace('_', ' ');
                if (!f[5].equals("*") && !f[5].equals("-")) {
                    version = f[5];
                }
            }
        } else if (vendor == null && comp.purl() != null) {
            // pkg:type/namespace/name@version: the namespace is the closest thing to a vendor
            String p = comp.purl().substring(4);
            int at = p.indexOf('@');
            String path = at < 0 ? p : p.substring(0, at);
            String[] seg = path.split("/");
            vendor = seg.length >= 3 ? seg[seg.length - 2] : seg.length == 2 ? seg[1] : null;
        }
        if (vendor == null || name == null) {
            return null;
        }
        return new DeviceFacts("component", name, vendor, name, version, null, null, "unknown", List.of(), List.of(), List.of());
    }

    private static String label(SbomComponent c) {
        return c == null ? null : c.name() + (c.version() != null ? " " + c.version() : "");
    }

    private Finding sbomFinding(Context c, Sbom s, ProductMatch subjectMatch, SbomComponent comp, String vulnId, String description,
                                List<PublishedScore> ratings, List<org.wardwatch.model.finding.Cwe> cwes, String recommendation,
                                List<String> references, String status, MatchCertainty componentCertainty, boolean exploited) {
        DeviceFacts d = c.device;
        List<CvssScore> cvss = new ArrayList<>();
        Double exploit = null;
        Double effV3 = null;
        Double effAny = null;
        for (PublishedScore r : ratings) {
            CvssScore cs = scored(r, c);
            cvss.add(cs);
            double eff = cs.rubricScore() != null ? cs.rubricScore() : r.baseScore() == null ? 0 : r.baseScore();
            effAny = effAny == null ? eff : Math.max(effAny, eff);
            if (r.version().startsWith("3")) {
                Double e = CvssV3Vectors.exploitability(r.vector());
                if (e != null && (exploit == null || e > exploit)) {
                    exploit = e;
                    effV3 = eff;
                }
            }
        }
        MatchCertainty certainty = subjectMatch.certainty();
        if (componentCertainty != null && componentCertainty.ordinal() > certainty.ordinal()) {
            certainty = componentCertainty;
        }
        Severity sev = effV3 != null ? Severity.ofCvss(effV3) : effAny != null ? Severity.ofCvss(effAny) : Severity.MEDIUM;
        double base = exploited ? weights.knownExploited()
                : exploit != null ? Math.min(1.0, exploit / CvssV3Vectors.MAX_EXPLOITABILITY) : weights.noVector();
        String compLabel = label(comp);
        AdvisoryRef ref = new AdvisoryRef(s.serial(), "cyclonedx", "SBOM of " + label(s.subject()),
                s.subject().vendor(), null, null, s.file());
        List<FindingEvidence> ev = List.of(
                new FindingEvidence("device.model", "model=" + d.model() + ", firmware=" + (d.firmware() == null ? "(unknown)" : d.firmware()), null, null, 1),
                new FindingEvidence("sbom.component", compLabel + (comp != null && comp.purl() != null ? " " + comp.purl() : ""), null, null, 1));
        List<String> cves = vulnId.matches("CVE-\\d{4}-\\d+") ? List.of(vulnId) : List.of();
        return finding(FindingKind.SBOM_COMPONENT_VULNERABILITY.jsonName() + ":" + d.id() + ":" + vulnId + ":" + compLabel, d.id(),
                FindingKind.SBOM_COMPONENT_VULNERABILITY, sev, vulnId + " in " + compLabel,
                description == null ? vulnId + " affects " + compLabel : description, ev,
                recommendation == null ? "Ask the device maker whether " + compLabel + " is exploitable in this device and for an update." : recommendation,
                ref, cves, cvss, cwes, certainty, "device matches the SBOM's product: " + subjectMatch.reason() + "; " + status,
                references, round3(base * weights.certainty(certainty)), null, null);
    }

    // ------------------------------------------------------------------ findings and scores

    private Finding finding(String id, String deviceId, FindingKind kind, Severity severity, String title, String detail,
                            List<FindingEvidence> evidence, String remediation, AdvisoryRef advisory, List<String> cves,
                            List<CvssScore> cvss, List<org.wardwatch.model.finding.Cwe> cwes, MatchCertainty certainty,
                            String matchReason, List<String> references, double likelihood, Instant first, Instant last) {
        ControlMappings.Controls ctl = controls.of(kind);
        return new Finding(id, deviceId, kind, severity, title, detail, evidence, remediation, advisory, cves, cvss, cwes,
                certainty, matchReason, references, ctl.csf(), ctl.hipaa(), likelihood, first, last);
    }

    private static List<String> refs(List<String> urls, String source) {
        List<String> out = new ArrayList<>(urls);
        if (source != null && !source.isBlank()) {
            out.add("source: " + source);
        }
        return out;
    }

    private DeviceRisk score(Context c) {
        List<String> lines = new ArrayList<>();
        String crit = c.device.criticality();
        double critW = weights.criticality(crit);
        double phiW = weights.phi(c.phiMessages);
        double impact = Math.min(1.0, critW + phiW);
        if (c.findings.isEmpty()) {
            lines.add("no findings: likelihood 0, score 0");
            lines.add("impact would be " + fixed(impact, 2) + " (criticality " + crit + " " + fixed(critW, 2) + " + patient data " + fixed(phiW, 2) + ")");
            return new DeviceRisk(c.device.id(), 0, 0, exposure(c), impact, lines, 0, null, List.of());
        }
        double notExploited = 1.0;
        StringBuilder terms = new StringBuilder();
        List<Finding> sorted = c.findings;
        int shown = 0;
        for (Finding f : sorted) {
            notExploited *= 1.0 - f.likelihood();
            if (shown < 8) {
                terms.append("(1−").append(fixed(f.likelihood(), 2)).append(')');
                shown++;
            }
        }
        if (sorted.size() > shown) {
            terms.append("×… (").append(sorted.size() - shown).append(" more)");
        }
        double combined = 1.0 - notExploited;
        lines.add("findings: " + sorted.size() + "; combined likelihood = 1 − " + terms + " = " + fixed(combined, 3));
        double x = exposure(c);
        String why = c.exposures.contains("internet") ? "internet (exchanged traffic with public addresses)"
                : hasKind(c, FindingKind.FLAT_NETWORK) ? "flat (shares a segment with user workstations)" : "internal";
        double likelihood = x * combined;
        lines.add("exposure: " + why + " × " + fixed(x, 2) + " → likelihood " + fixed(likelihood, 3));
        String phiText = c.phiMessages == 0 ? "none seen" : c.phiMessages + " PHI-bearing messages";
        lines.add("impact: criticality " + crit + " " + fixed(critW, 2) + " + patient data (" + phiText + ") " + fixed(phiW, 2)
                + " → min(1, " + fixed(critW + phiW, 2) + ") = " + fixed(impact, 2));
        int score = (int) Math.round(100 * likelihood * impact);
        score = Math.max(0, Math.min(100, score));
        lines.add("score = round(100 × " + fixed(likelihood, 3) + " × " + fixed(impact, 2) + ") = " + score);
        Severity worst = null;
        for (Finding f : sorted) {
            if (worst == null || f.severity().ordinal() < worst.ordinal()) {
                worst = f.severity();
            }
        }
        List<String> top = new ArrayList<>();
        for (Finding f : sorted) {
            if (top.size() == 5) {
                break;
            }
            top.add(f.id());
        }
        return new DeviceRisk(c.device.id(), score, round3(likelihood), x, round3(impact), lines, sorted.size(), worst, top);
    }

    private double exposure(Context c) {
        if (c.exposures.contains("internet")) {
            return weights.exposureInternet();
        }
        return hasKind(c, FindingKind.FLAT_NETWORK) ? weights.exposureFlat() : weights.exposureInternal();
    }

    private static boolean hasKind(Context c, FindingKind k) {
        return c.findings.stream().anyMatch(f -> f.kind() == k);
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
