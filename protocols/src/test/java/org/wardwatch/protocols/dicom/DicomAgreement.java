package org.wardwatch.protocols.dicom;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.dicom.DicomAssociationAborted;
import org.wardwatch.model.obs.dicom.DicomAssociationAccepted;
import org.wardwatch.model.obs.dicom.DicomAssociationEnded;
import org.wardwatch.model.obs.dicom.DicomAssociationRejected;
import org.wardwatch.model.obs.dicom.DicomAssociationRequested;
import org.wardwatch.model.obs.dicom.DicomDeviceIdentified;
import org.wardwatch.model.obs.dicom.DicomObservation;
import org.wardwatch.model.obs.dicom.DicomOperationSeen;
import org.wardwatch.model.obs.dicom.DicomPresentationContextResult;
import org.wardwatch.protocols.dicom.DicomTsharkOracle.Element;
import org.wardwatch.protocols.dicom.DicomTsharkOracle.Pdu;
import org.wardwatch.protocols.dicom.DicomTsharkOracle.Pdv;
import org.wardwatch.protocols.infratest.Agreement;

/**
 * Our DICOM observations of a capture against tshark's DICOM dissector on the same capture, as rows
 * keyed by the association's client port:
 * <ul>
 *   <li>{@code rq}: calling/called AE, application context, implementation class UID and version
 *       name, max PDU length, async window, number of presentation contexts; {@code pc}: each proposed
 *       context (id, abstract syntax = SOP class, transfer syntaxes);</li>
 *   <li>{@code ac}: AE titles, implementation, max PDU; {@code pcr}: each context's result and
 *       accepted transfer syntax;</li>
 *   <li>{@code rj}, {@code abort}: result, source, reason codes; {@code end}: released/aborted/rejected;</li>
 *   <li>{@code op}: every DIMSE message except pending responses (direction, command, message id,
 *       status, SOP class, move destination); {@code count}: messages per command including pending ones;</li>
 *   <li>{@code identity}: the General Equipment attributes of each data set (distinct tuples);</li>
 *   <li>{@code phi}: the tags of non-empty patient-identifying attributes (not sequences themselves)
 *       seen in the association's data sets, at any depth.</li>
 * </ul>
 */
final class DicomAgreement {
    private static final int[] IDENTITY_TAGS = {0x00080060, 0x00080070, 0x00081090, 0x00081010, 0x00181000, 0x00181020, 0x00080080};

    private final Agreement rows;
    private final Map<String, Integer> kinds = new TreeMap<>();
    private final Set<Integer> serverPorts;

    private DicomAgreement(String name, Set<Integer> serverPorts) {
        this.rows = new Agreement(name);
        this.serverPorts = serverPorts;
    }

    /** Compares, prints a summary line, asserts equality; returns the number of rows compared. */
    static int assertAgrees(String name, Path pcap, List<Observation> ours, Set<Integer> serverPorts) throws Exception {
        List<Pdu> pdus = DicomTsharkOracle.read(pcap, serverPorts.stream().mapToInt(Integer::intValue).toArray());
        DicomAgreement a = new DicomAgreement(name, serverPorts);
        a.expectFromTshark(pdus);
        a.actualFromOurs(ours.stream().filter(DicomObservation.class::isInstance).map(DicomObservation.class::cast).toList());
        System.out.println("tshark rows by kind (" + name + "): " + a.kinds);
        return a.rows.assertEqual();
    }

    // ---- tshark side ----

    private void expect(String row) {
        kinds.merge(row.substring(0, row.indexOf('|')), 1, Integer::sum);
        rows.expect(row);
    }

    private void expectFromTshark(List<Pdu> pdus) {
        Map<Integer, Map<String, Integer>> counts = new TreeMap<>();
        Map<Integer, Set<String>> identities = new TreeMap<>();
        Map<Integer, Set<Integer>> phi = new TreeMap<>();
        Map<String, String> lastCommand = new HashMap<>();
        Map<String, List<Element>> dataSet = new HashMap<>();
        for (Pdu p : pdus) {
            int cp = p.clientPort(serverPorts);
            boolean fromClient = p.srcPort() == cp;
            switch (p.type()) {
                case 1 -> {
                    expect(String.join("|", "rq", s(cp), trim(p.one("dicom.assoc.ae.calling")), trim(p.one("dicom.assoc.ae.called")),
                            p.uid("dicom.actx"), p.one("dicom.userinfo.uid"), p.one("dicom.userinfo.version"),
                            orMinusOne(p.one("dicom.max_pdu_len")), orMinusOne(p.one("dicom.userinfo.asyncneg.maxnumopsinv")),
                            Integer.toString(p.contexts().size())));
                    p.contexts().forEach(c -> expect(String.join("|", "pc", s(cp), s(c.id()), c.abstractSyntax(),
                            String.join(",", c.transferSyntaxes()))));
                }
                case 2 -> {
                    expect(String.join("|", "ac", s(cp), trim(p.one("dicom.assoc.ae.calling")), trim(p.one("dicom.assoc.ae.called")),
                            p.one("dicom.userinfo.uid"), p.one("dicom.userinfo.version"), orMinusOne(p.one("dicom.max_pdu_len")),
                            Integer.toString(p.contexts().size())));
                    p.contexts().forEach(c -> expect(String.join("|", "pcr", s(cp), s(c.id()), s(c.result()),
                            c.result() == 0 && !c.transferSyntaxes().isEmpty() ? c.transferSyntaxes().get(0) : "")));
                }
                case 3 -> {
                    expect(String.join("|", "rj", s(cp), dec(p.one("dicom.assoc.reject.result")),
                            dec(p.one("dicom.assoc.reject.source")), dec(p.one("dicom.assoc.reject.reason"))));
                    expect("end|" + cp + "|rejected");
                }
                case 6 -> expect("end|" + cp + "|released");
                case 7 -> {
                    expect(String.join("|", "abort", s(cp), Boolean.toString(fromClient), dec(p.one("dicom.assoc.abort.source")),
                            dec(p.one("dicom.assoc.abort.reason"))));
                    expect("end|" + cp + "|aborted");
                }
                default -> {
                }
            }
            String dirKey = cp + "|" + fromClient;
            for (Pdv pdv : p.pdvs()) {
                if (pdv.command()) {
                    if (!pdv.last()) {
                        continue; // a command set fragment: tshark shows the elements once reassembled
                    }
                    Element field = pdv.first(0x00000100);
                    if (field == null) {
                        continue;
                    }
                    String name = field.lastWord();
                    counts.computeIfAbsent(cp, k -> new TreeMap<>()).merge(name, 1, Integer::sum);
                    lastCommand.put(dirKey, name);
                    Element status = pdv.first(0x00000900);
                    boolean pending = status != null && (status.u16() == 0xFF00 || status.u16() == 0xFF01);
                    if (!pending) {
                        Element id = pdv.first(0x00000110) != null ? pdv.first(0x00000110) : pdv.first(0x00000120);
                        Element sop = pdv.first(0x00000002) != null ? pdv.first(0x00000002) : pdv.first(0x00000003);
                        Element dest = pdv.first(0x00000600);
                        expect(String.join("|", "op", s(cp), Boolean.toString(fromClient), name,
                                id == null ? "null" : Integer.toString(id.u16()),
                                status == null ? "null" : Integer.toHexString(status.u16()),
                                sop == null ? "null" : commandText(sop), dest == null ? "null" : commandText(dest)));
                    }
                } else {
                    List<Element> elements = dataSet.computeIfAbsent(dirKey, k -> new ArrayList<>());
                    elements.addAll(pdv.elements());
                    if (!pdv.last()) {
                        continue;
                    }
                    dataSet.remove(dirKey);
                    String identity = identityRow(cp, fromClient, lastCommand.get(dirKey), elements);
                    if (identity != null) {
                        identities.computeIfAbsent(cp, k -> new LinkedHashSet<>()).add(identity);
                    }
                    for (Element e : elements) {
                        if (DicomDictionary.isPhi(e.tag()) && e.length() > 0 && !e.sequence()) {
                            phi.computeIfAbsent(cp, k -> new java.util.TreeSet<>()).add(e.tag());
                        }
                    }
                }
            }
        }
        counts.forEach((cp, m) -> m.forEach((name, n) -> expect("count|" + cp + "|" + name + "=" + n)));
        identities.values().forEach(set -> set.forEach(this::expect));
        phi.forEach((cp, tags) -> tags.forEach(t -> expect("phi|" + cp + "|" + DicomDictionary.describeTag(t))));
    }

    private static String identityRow(int cp, boolean fromClient, String command, List<Element> elements) {
        String[] v = new String[IDENTITY_TAGS.length];
        boolean any = false;
        for (Element e : elements) {
            if (e.depth() != 1) {
                continue; // General Equipment attributes are top-level ones
            }
            for (int i = 0; i < IDENTITY_TAGS.length; i++) {
                if (e.tag() == IDENTITY_TAGS[i] && v[i] == null) {
                    String t = e.text();
                    v[i] = t == null || t.isEmpty() ? null : t;
                    any |= v[i] != null;
                }
            }
        }
        return any ? identity(cp, fromClient, command, v) : null;
    }

    private static String identity(int cp, boolean fromClient, String command, String[] v) {
        return "identity|" + cp + "|" + fromClient + "|" + command + "|" + Arrays.stream(v).map(String::valueOf).collect(Collectors.joining("|"));
    }

    // ---- our side ----

    private void actualFromOurs(List<DicomObservation> ours) {
        for (DicomObservation o : ours) {
            int cp = o.flow().clientPort();
            if (o instanceof DicomAssociationRequested r) {
                rows.actual(String.join("|", "rq", s(cp), r.callingAeTitle(), r.calledAeTitle(), r.applicationContext(),
                        r.implementationClassUid(), r.implementationVersionName(), Long.toString(r.maxPduLength()),
                        Integer.toString(r.asyncOpsInvoked()), Integer.toString(r.presentationContexts().size())));
                r.presentationContexts().forEach(c -> rows.actual(String.join("|", "pc", s(cp), s(c.id()), c.abstractSyntax(),
                        String.join(",", c.transferSyntaxes()))));
            } else if (o instanceof DicomAssociationAccepted a) {
                rows.actual(String.join("|", "ac", s(cp), a.callingAeTitle(), a.calledAeTitle(), a.implementationClassUid(),
                        a.implementationVersionName(), Long.toString(a.maxPduLength()), Integer.toString(a.results().size())));
                a.results().forEach(r -> rows.actual("pcr|" + cp + "|" + result(r)));
            } else if (o instanceof DicomAssociationRejected r) {
                rows.actual(String.join("|", "rj", s(cp), s(r.resultCode()), s(r.sourceCode()), s(r.reasonCode())));
            } else if (o instanceof DicomAssociationAborted a) {
                rows.actual(String.join("|", "abort", s(cp), Boolean.toString(a.fromClient()), s(a.sourceCode()), s(a.reasonCode())));
            } else if (o instanceof DicomAssociationEnded e) {
                rows.actual("end|" + cp + "|" + e.outcome());
                e.operations().forEach((name, n) -> rows.actual("count|" + cp + "|" + name + "=" + n));
                e.phiTags().forEach(t -> rows.actual("phi|" + cp + "|" + t));
            } else if (o instanceof DicomOperationSeen op) {
                Integer id = op.messageId() != null ? op.messageId() : op.messageIdBeingRespondedTo();
                rows.actual(String.join("|", "op", s(cp), Boolean.toString(op.fromClient()), op.command(), String.valueOf(id),
                        op.status() == null ? "null" : Integer.toHexString(op.status()), String.valueOf(op.sopClassUid()),
                        String.valueOf(op.moveDestination())));
            } else if (o instanceof DicomDeviceIdentified d) {
                rows.actual(identity(cp, d.fromClient(), d.command(), new String[] {d.modality(), d.manufacturer(),
                    d.manufacturerModelName(), d.stationName(), d.deviceSerialNumber(), d.softwareVersions(), d.institutionName()}));
            }
        }
    }

    private static String result(DicomPresentationContextResult r) {
        int code = switch (r.result()) {
            case "acceptance" -> 0;
            case "user_rejection" -> 1;
            case "no_reason" -> 2;
            case "abstract_syntax_not_supported" -> 3;
            case "transfer_syntaxes_not_supported" -> 4;
            default -> Integer.parseInt(r.result().replace("reserved_", ""));
        };
        return r.id() + "|" + code + "|" + (code == 0 && r.transferSyntax() != null ? r.transferSyntax() : "");
    }

    /** A command-set string value from its raw element: 8-byte Implicit VR header, then the value, padded. */
    private static String commandText(Element e) {
        String v = new String(e.raw(), 8, e.raw().length - 8, StandardCharsets.US_ASCII);
        return v.replace("\0", "").strip();
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    private static String s(int i) {
        return Integer.toString(i);
    }

    private static String dec(String hexOrDec) {
        return hexOrDec == null ? "null" : Integer.toString(Integer.decode(hexOrDec));
    }

    private static String orMinusOne(String v) {
        return v == null ? "-1" : v;
    }
}
