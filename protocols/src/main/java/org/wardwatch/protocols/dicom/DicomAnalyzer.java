package org.wardwatch.protocols.dicom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.wardwatch.model.obs.dicom.DicomAssociationAborted;
import org.wardwatch.model.obs.dicom.DicomAssociationAccepted;
import org.wardwatch.model.obs.dicom.DicomAssociationEnded;
import org.wardwatch.model.obs.dicom.DicomAssociationRejected;
import org.wardwatch.model.obs.dicom.DicomAssociationRequested;
import org.wardwatch.model.obs.dicom.DicomDeviceIdentified;
import org.wardwatch.model.obs.dicom.DicomOperationSeen;
import org.wardwatch.model.obs.dicom.DicomPhiSeen;
import org.wardwatch.model.obs.dicom.DicomPresentationContext;
import org.wardwatch.model.obs.dicom.DicomPresentationContextResult;
import org.wardwatch.model.obs.dicom.DicomTlsSeen;
import org.wardwatch.protocols.spi.Analyzer;
import org.wardwatch.protocols.spi.AnalyzerContext;

/**
 * DICOM upper layer (PS3.8 chapter 9, 2024 editions) and DIMSE (PS3.7 chapters 9-10) over one TCP
 * connection.
 *
 * <p>Each direction is read as a stream of PDUs. Association PDUs (A-ASSOCIATE-RQ/AC/RJ, A-RELEASE,
 * A-ABORT) are small and parsed whole; P-DATA-TF PDUs are streamed: PDV items are cut into command
 * fragments, reassembled into the command set (small, capped), and data-set fragments, which are
 * walked by a {@link DicomDataSetScanner} as they pass and never buffered. Only the identity attributes
 * and the <em>tags</em> of patient attributes leave the analyzer.
 *
 * <p>Known gaps: SCP/SCU role selection and extended negotiation items are not reported; data sets on a
 * presentation context whose A-ASSOCIATE-AC was not seen are decoded with a guessed transfer syntax;
 * a stream that loses PDU alignment (a gap, an unknown PDU type) is given up, not resynchronised.
 */
public final class DicomAnalyzer implements Analyzer {
    static final int MAX_ASSOCIATE_PDU = 60_000;
    static final int MAX_SMALL_PDU = 64;
    static final int MAX_COMMAND_SET = 16 * 1024;
    static final int MAX_OPERATIONS_EMITTED = 4096;
    static final int MAX_IDENTITIES = 64;
    /** Distinct PHI tags reported per association (any of the 65536 group 0010 elements counts). */
    static final int MAX_PHI_TAGS_REPORTED = 256;

    private static final byte[] NO_BYTES = new byte[0];
    private final Direction client = new Direction(true);
    private final Direction server = new Direction(false);

    private boolean confirmed;
    private boolean started;
    private boolean ended;
    private boolean releaseRequested;
    private boolean tlsChecked;
    private String callingAe;
    private String calledAe;
    private final Map<Integer, String> abstractSyntaxById = new HashMap<>();
    private final Map<Integer, String> acceptedTsById = new HashMap<>();
    private final TreeMap<String, Integer> operations = new TreeMap<>();
    private long pDataPdus;
    private long dataSets;
    private long phiDataSets;
    private long deflatedDataSets;
    private final TreeSet<Integer> phiTagsReported = new TreeSet<>();
    private int operationsEmitted;
    private boolean operationCapReported;
    private final Set<String> identitiesEmitted = new HashSet<>();
    private boolean identityCapReported;
    private boolean phiTagCapReported;

    @Override
    public int onStream(boolean fromClient, byte[] data, int offset, int length, AnalyzerContext ctx) {
        if (!tlsChecked) {
            if (length < 3) {
                return 0;
            }
            tlsChecked = true;
            if (isTlsRecord(data, offset)) {
                boolean dicomTlsPort = ctx.flow() != null && ctx.flow().serverPort() == DicomAnalyzerFactory.DICOM_TLS_PORT;
                ctx.emit(new DicomTlsSeen(ctx.ts(), ctx.flow(), dicomTlsPort ? "dicom_tls_port" : "tls_on_dicom_port",
                        ((data[offset + 1] & 0xFF) << 8) | (data[offset + 2] & 0xFF)));
                ctx.confirm();
                ctx.done();
                return length;
            }
        }
        return (fromClient ? client : server).onStream(data, offset, length, ctx);
    }

    @Override
    public void onGap(boolean fromClient, long missingBytes, AnalyzerContext ctx) {
        Direction d = fromClient ? client : server;
        if (!d.dead) {
            ctx.anomaly("dicom_stream_gap");
            d.abandonMessage(ctx);
            d.dead = true;
        }
    }

    @Override
    public void onEnd(AnalyzerContext ctx) {
        client.abandonMessage(ctx);
        server.abandonMessage(ctx);
        if (started && !ended) {
            end(ctx, releaseRequested ? "release_requested" : "unterminated");
        }
    }

    /** TLS record header: handshake (22), version 3.x (SSL 3.0 to TLS 1.3 record versions). */
    static boolean isTlsRecord(byte[] b, int off) {
        return b[off] == 0x16 && b[off + 1] == 0x03 && (b[off + 2] & 0xFF) <= 0x04;
    }

    private void end(AnalyzerContext ctx, String outcome) {
        ended = true;
        List<String> tags = new ArrayList<>(phiTagsReported.size());
        for (int t : phiTagsReported) {
            tags.add(DicomDictionary.describeTag(t));
        }
        ctx.emit(new DicomAssociationEnded(ctx.ts(), ctx.flow(), callingAe, calledAe, outcome, operations, pDataPdus,
                dataSets, phiDataSets, tags, deflatedDataSets));
    }

    private void beginAssociation(AnalyzerContext ctx) {
        if (started && !ended) {
            end(ctx, "unterminated");
        }
        started = true;
        ended = false;
        releaseRequested = false;
        abstractSyntaxById.clear();
        acceptedTsById.clear();
        operations.clear();
        pDataPdus = dataSets = phiDataSets = deflatedDataSets = 0;
        phiTagsReported.clear();
        operationsEmitted = 0;
        operationCapReported = false;
        identitiesEmitted.clear();
        identityCapReported = false;
        phiTagCapReported = false;
    }

    private void confirm(AnalyzerContext ctx) {
        if (!confirmed) {
            confirmed = true;
            ctx.confirm();
        }
    }

    // ---- association PDUs ----

    private void onAssociateRq(DicomAssociatePdu p, AnalyzerContext ctx) {
        beginAssociation(ctx);
        callingAe = p.callingAe;
        calledAe = p.calledAe;
        List<DicomPresentationContext> pcs = new ArrayList<>(p.contexts.size());
        for (DicomAssociatePdu.Context c : p.contexts) {
            abstractSyntaxById.put(c.id(), c.abstractSyntax());
            pcs.add(new DicomPresentationContext(c.id(), c.abstractSyntax(), DicomDictionary.uidName(c.abstractSyntax()),
                    c.transferSyntaxes()));
        }
        ctx.emit(new DicomAssociationRequested(ctx.ts(), ctx.flow(), p.protocolVersion, p.callingAe, p.calledAe,
                p.applicationContext, pcs, p.implementationClassUid, p.implementationVersionName, p.maxPduLength,
                p.asyncInvoked, p.asyncPerformed, DicomAssociatePdu.userIdentityTypeName(p.userIdentityType),
                p.userIdentityResponseRequested));
    }

    private void onAssociateAc(DicomAssociatePdu p, AnalyzerContext ctx) {
        if (!started) {
            beginAssociation(ctx); // the request was before the capture
            callingAe = p.callingAe;
            calledAe = p.calledAe;
        }
        List<DicomPresentationContextResult> results = new ArrayList<>(p.contexts.size());
        for (DicomAssociatePdu.Context c : p.contexts) {
            String ts = c.transferSyntaxes().isEmpty() ? null : c.transferSyntaxes().get(0);
            if (c.result() == 0 && ts != null) {
                acceptedTsById.put(c.id(), ts);
            }
            String as = abstractSyntaxById.get(c.id());
            results.add(new DicomPresentationContextResult(c.id(), DicomAssociatePdu.contextResultName(c.result()),
                    ts, DicomDictionary.uidName(ts), as, DicomDictionary.uidName(as)));
        }
        ctx.emit(new DicomAssociationAccepted(ctx.ts(), ctx.flow(), p.callingAe, p.calledAe, p.applicationContext, results,
                p.implementationClassUid, p.implementationVersionName, p.maxPduLength, p.asyncInvoked, p.asyncPerformed,
                p.userIdentityAccepted));
    }

    private void onAssociateRj(byte[] b, int off, AnalyzerContext ctx) {
        if (!started) {
            beginAssociation(ctx);
        }
        int result = b[off + 1] & 0xFF, source = b[off + 2] & 0xFF, reason = b[off + 3] & 0xFF;
        String resultName = switch (result) {
            case 1 -> "rejected_permanent";
            case 2 -> "rejected_transient";
            default -> "result_" + result;
        };
        String sourceName = switch (source) {
            case 1 -> "service_user";
            case 2 -> "service_provider_acse";
            case 3 -> "service_provider_presentation";
            default -> "source_" + source;
        };
        String reasonName = switch (source * 16 + reason) {
            case 0x11, 0x21 -> "no_reason_given";
            case 0x12 -> "application_context_name_not_supported";
            case 0x13 -> "calling_ae_title_not_recognized";
            case 0x17 -> "called_ae_title_not_recognized";
            case 0x22 -> "protocol_version_not_supported";
            case 0x31 -> "temporary_congestion";
            case 0x32 -> "local_limit_exceeded";
            default -> "reason_" + reason;
        };
        ctx.emit(new DicomAssociationRejected(ctx.ts(), ctx.flow(), callingAe, calledAe, resultName, sourceName, reasonName,
                result, source, reason));
        end(ctx, "rejected");
    }

    private void onAbort(boolean fromClient, byte[] b, int off, AnalyzerContext ctx) {
        if (!started) {
            beginAssociation(ctx);
        }
        int source = b[off + 2] & 0xFF, reason = b[off + 3] & 0xFF;
        String sourceName = switch (source) {
            case 0 -> "service_user";
            case 2 -> "service_provider";
            default -> "reserved";
        };
        String reasonName = source != 2 ? null : switch (reason) {
            case 0 -> "reason_not_specified";
            case 1 -> "unrecognized_pdu";
            case 2 -> "unexpected_pdu";
            case 4 -> "unrecognized_pdu_parameter";
            case 5 -> "unexpected_pdu_parameter";
            case 6 -> "invalid_pdu_parameter_value";
            default -> "reason_" + reason;
        };
        ctx.emit(new DicomAssociationAborted(ctx.ts(), ctx.flow(), fromClient, callingAe, calledAe, sourceName, reasonName,
                source, reason));
        end(ctx, "aborted");
    }

    // ---- DIMSE ----

    private void onCommand(boolean fromClient, int contextId, DicomCommandSet cmd, AnalyzerContext ctx) {
        if (cmd.malformed) {
            ctx.anomaly("dicom_command_set_malformed");
        }
        if (cmd.commandField < 0) {
            return;
        }
        confirm(ctx);
        if (!started) {
            beginAssociation(ctx); // captured mid-association
        }
        String name = cmd.name();
        operations.merge(name, 1, Integer::sum);
        if (cmd.isResponse() && cmd.isPending()) {
            return;
        }
        if (operationsEmitted >= MAX_OPERATIONS_EMITTED) {
            if (!operationCapReported) {
                operationCapReported = true;
                ctx.anomaly("dicom_operation_cap");
            }
            return;
        }
        operationsEmitted++;
        String sopClass = cmd.affectedSopClass != null ? cmd.affectedSopClass : cmd.requestedSopClass;
        String sopInstance = cmd.affectedSopInstance != null ? cmd.affectedSopInstance : cmd.requestedSopInstance;
        ctx.emit(new DicomOperationSeen(ctx.ts(), ctx.flow(), fromClient, contextId, name, cmd.commandField, cmd.messageId,
                cmd.messageIdBeingRespondedTo, sopClass, DicomDictionary.uidName(sopClass), sopInstance,
                cmd.moveDestination, cmd.priority, cmd.hasDataSet(), cmd.status, DicomCommandSet.statusCategory(cmd.status),
                cmd.completed, cmd.failed));
    }

    private void onDataSet(boolean fromClient, DicomCommandSet cmd, DicomDataSetScanner s, AnalyzerContext ctx) {
        dataSets++;
        if (s.anomaly != null) {
            ctx.anomaly(s.anomaly);
        }
        String command = cmd.name();
        String sopClass = cmd.affectedSopClass != null ? cmd.affectedSopClass : cmd.requestedSopClass;
        if (s.hasIdentity()) {
            String key = String.join("\u0000", String.valueOf(s.modality), String.valueOf(s.manufacturer),
                    String.valueOf(s.model), String.valueOf(s.station), String.valueOf(s.serial),
                    String.valueOf(s.software), String.valueOf(s.institution), command, String.valueOf(fromClient));
            if (identitiesEmitted.contains(key)) {
                // already reported on this association
            } else if (identitiesEmitted.size() < MAX_IDENTITIES) {
                identitiesEmitted.add(key);
                ctx.emit(new DicomDeviceIdentified(ctx.ts(), ctx.flow(), fromClient, command, sopClass, s.modality,
                        s.manufacturer, s.model, s.station, s.serial, s.software, s.institution));
            } else if (!identityCapReported) {
                identityCapReported = true; // e.g. a flood of C-FIND matches, each from another device
                ctx.anomaly("dicom_identity_cap");
            }
        }
        if (s.phiCount > 0) {
            phiDataSets++;
            List<String> fresh = new ArrayList<>();
            for (int tag : s.phiTagsSorted()) {
                if (phiTagsReported.contains(tag)) {
                    continue;
                }
                if (phiTagsReported.size() >= MAX_PHI_TAGS_REPORTED) {
                    if (!phiTagCapReported) {
                        phiTagCapReported = true;
                        ctx.anomaly("dicom_phi_tag_cap");
                    }
                    break;
                }
                phiTagsReported.add(tag);
                fresh.add(DicomDictionary.describeTag(tag));
            }
            if (!fresh.isEmpty()) {
                ctx.emit(new DicomPhiSeen(ctx.ts(), ctx.flow(), fromClient, command, fresh));
            }
        }
    }

    /** The PDU stream of one direction. */
    private final class Direction {
        private static final int PDU_HEADER = 0;
        private static final int PDV_HEADER = 1;
        private static final int PDV_DATA = 2;
        private static final int SKIP = 3;

        private final boolean fromClient;
        private int state = PDU_HEADER;
        private long pduRemaining;
        private long pdvRemaining;
        private long skipRemaining;
        boolean dead;

        // the DIMSE message being assembled
        private boolean fragmentIsCommand;
        private boolean fragmentIsLast;
        private int fragmentContextId;
        private boolean inCommand;
        private int messageContextId;
        private byte[] command = NO_BYTES; // grown on demand: a direction without commands holds nothing
        private int commandLen;
        private boolean commandOverflow;
        private DicomCommandSet pendingCommand;
        private DicomDataSetScanner scanner;
        private Inflater inflater;
        private byte[] inflated;
        private boolean orphanReported;

        Direction(boolean fromClient) {
            this.fromClient = fromClient;
        }

        int onStream(byte[] b, int off, int len, AnalyzerContext ctx) {
            if (dead) {
                return len;
            }
            int pos = off, end = off + len;
            while (pos < end) {
                switch (state) {
                    case PDU_HEADER -> {
                        if (end - pos < 6) {
                            return pos - off;
                        }
                        int type = b[pos] & 0xFF;
                        long length = DicomAssociatePdu.u32(b, pos + 2);
                        if (!plausible(type, length)) {
                            if (!confirmed) {
                                ctx.violation("not a DICOM PDU");
                            } else {
                                ctx.anomaly(type < 1 || type > 7 ? "dicom_unknown_pdu_type" : "dicom_pdu_length_invalid");
                                ctx.anomaly("dicom_stream_desync");
                            }
                            abandonMessage(ctx);
                            dead = true;
                            return len;
                        }
                        if (type == 4) {
                            pos += 6;
                            pduRemaining = length;
                            pDataPdus++;
                            state = PDV_HEADER;
                            continue;
                        }
                        if (type <= 2 && length > MAX_ASSOCIATE_PDU) {
                            ctx.anomaly("dicom_associate_pdu_too_long");
                            pos += 6;
                            skipRemaining = length;
                            state = SKIP;
                            continue;
                        }
                        if (end - pos < 6 + length) {
                            return pos - off; // the dispatcher keeps it; bounded by MAX_ASSOCIATE_PDU
                        }
                        onPdu(type, b, pos + 6, (int) length, ctx);
                        pos += 6 + (int) length;
                        if (dead) {
                            return len;
                        }
                    }
                    case PDV_HEADER -> {
                        if (pduRemaining == 0) {
                            state = PDU_HEADER;
                            continue;
                        }
                        if (pduRemaining < 6) {
                            ctx.anomaly("dicom_pdv_truncated");
                            skipRemaining = pduRemaining;
                            pduRemaining = 0;
                            state = SKIP;
                            continue;
                        }
                        if (end - pos < 6) {
                            return pos - off;
                        }
                        long itemLength = DicomAssociatePdu.u32(b, pos);
                        if (itemLength < 2 || itemLength > pduRemaining - 4) {
                            ctx.anomaly("dicom_pdv_length_invalid");
                            abandonMessage(ctx);
                            skipRemaining = pduRemaining;
                            pduRemaining = 0;
                            state = SKIP;
                            continue;
                        }
                        startFragment(b[pos + 4] & 0xFF, b[pos + 5] & 0xFF, ctx);
                        pos += 6;
                        pduRemaining -= 4 + itemLength;
                        pdvRemaining = itemLength - 2;
                        state = PDV_DATA;
                        if (pdvRemaining == 0) {
                            endFragment(ctx);
                            state = PDV_HEADER;
                        }
                    }
                    case PDV_DATA -> {
                        int n = (int) Math.min(pdvRemaining, end - pos);
                        feedFragment(b, pos, n, ctx);
                        pos += n;
                        pdvRemaining -= n;
                        if (pdvRemaining == 0) {
                            endFragment(ctx);
                            state = PDV_HEADER;
                        }
                    }
                    default -> { // SKIP
                        int n = (int) Math.min(skipRemaining, end - pos);
                        pos += n;
                        skipRemaining -= n;
                        if (skipRemaining == 0) {
                            state = PDU_HEADER;
                        }
                    }
                }
            }
            return len;
        }

        /** PS3.8 9.3: seven PDU types; fixed-size ones are 4 bytes long (a little slack is tolerated). */
        private boolean plausible(int type, long length) {
            return switch (type) {
                case 1, 2 -> length >= 68;
                case 3, 5, 6, 7 -> length >= 4 && length <= MAX_SMALL_PDU;
                case 4 -> length >= 6;
                default -> false;
            };
        }

        private void onPdu(int type, byte[] b, int off, int len, AnalyzerContext ctx) {
            switch (type) {
                case 1, 2 -> {
                    if ((type == 1) != fromClient) {
                        ctx.anomaly("dicom_unexpected_pdu");
                    }
                    DicomAssociatePdu p = DicomAssociatePdu.parse(b, off, len);
                    if (p.malformed) {
                        ctx.anomaly("dicom_associate_malformed");
                    }
                    if (p.contextsCapped) {
                        ctx.anomaly("dicom_presentation_context_cap");
                    }
                    confirm(ctx);
                    if (type == 1) {
                        onAssociateRq(p, ctx);
                    } else {
                        onAssociateAc(p, ctx);
                    }
                }
                case 3 -> {
                    confirm(ctx);
                    onAssociateRj(b, off, ctx);
                    ctx.done();
                    dead = true;
                }
                case 5 -> releaseRequested = true;
                case 6 -> {
                    if (started && !ended) {
                        end(ctx, "released");
                    }
                }
                default -> { // 7
                    abandonMessage(ctx);
                    onAbort(fromClient, b, off, ctx);
                    ctx.done();
                    dead = true;
                }
            }
        }

        private void startFragment(int contextId, int control, AnalyzerContext ctx) {
            fragmentIsCommand = (control & 0x01) != 0;
            fragmentIsLast = (control & 0x02) != 0;
            fragmentContextId = contextId;
            if (fragmentIsCommand) {
                if (pendingCommand != null) {
                    ctx.anomaly("dicom_message_incomplete");
                    finishDataSet(ctx);
                }
                if (!inCommand) {
                    inCommand = true;
                    messageContextId = contextId;
                    commandLen = 0;
                    commandOverflow = false;
                } else if (contextId != messageContextId) {
                    ctx.anomaly("dicom_pdv_context_mismatch");
                }
            } else if (pendingCommand == null) {
                if (!orphanReported) {
                    orphanReported = true;
                    ctx.anomaly("dicom_data_without_command"); // typical of a capture started mid-message
                }
            } else if (scanner == null) {
                startDataSet(contextId);
            }
        }

        private void startDataSet(int contextId) {
            String ts = acceptedTsById.get(contextId);
            if (DicomDictionary.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(ts)) {
                deflatedDataSets++;
                inflater = new Inflater(true);
                if (inflated == null) {
                    inflated = new byte[4096];
                }
                scanner = new DicomDataSetScanner(Boolean.TRUE, false);
            } else if (ts == null) {
                scanner = new DicomDataSetScanner(null, false);
            } else if (DicomDictionary.IMPLICIT_VR_LITTLE_ENDIAN.equals(ts)) {
                scanner = new DicomDataSetScanner(Boolean.FALSE, false);
            } else {
                scanner = new DicomDataSetScanner(Boolean.TRUE, DicomDictionary.EXPLICIT_VR_BIG_ENDIAN.equals(ts));
            }
        }

        private void feedFragment(byte[] b, int off, int n, AnalyzerContext ctx) {
            if (fragmentIsCommand) {
                if (commandOverflow) {
                    return;
                }
                if (commandLen + n > MAX_COMMAND_SET) {
                    commandOverflow = true;
                    ctx.anomaly("dicom_command_set_too_long");
                    return;
                }
                if (commandLen + n > command.length) {
                    command = java.util.Arrays.copyOf(command, Math.min(MAX_COMMAND_SET,
                            Math.max(Math.max(256, command.length * 2), commandLen + n)));
                }
                System.arraycopy(b, off, command, commandLen, n);
                commandLen += n;
                return;
            }
            if (scanner == null || scanner.stopped) {
                return;
            }
            if (inflater == null) {
                scanner.feed(b, off, n);
                return;
            }
            try {
                inflater.setInput(b, off, n);
                while (!scanner.stopped) {
                    int k = inflater.inflate(inflated);
                    if (k == 0) {
                        break; // needs input, finished, or needs a dictionary (not allowed by PS3.5 A.5)
                    }
                    scanner.feed(inflated, 0, k);
                }
            } catch (DataFormatException e) {
                ctx.anomaly("dicom_deflate_invalid");
                scanner.stopped = true;
            }
            if (scanner.stopped) {
                releaseInflater();
            }
        }

        private void endFragment(AnalyzerContext ctx) {
            if (fragmentIsCommand) {
                if (!fragmentIsLast) {
                    return;
                }
                inCommand = false;
                if (commandOverflow) {
                    return;
                }
                DicomCommandSet cmd = DicomCommandSet.parse(command, 0, commandLen);
                onCommand(fromClient, messageContextId, cmd, ctx);
                if (cmd.commandField >= 0 && cmd.hasDataSet()) {
                    pendingCommand = cmd;
                    scanner = null;
                }
            } else if (fragmentIsLast && pendingCommand != null) {
                finishDataSet(ctx);
            }
        }

        private void finishDataSet(AnalyzerContext ctx) {
            if (pendingCommand != null && scanner != null) {
                onDataSet(fromClient, pendingCommand, scanner, ctx);
            }
            pendingCommand = null;
            scanner = null;
            releaseInflater();
        }

        /** The message will not complete (abort, gap, end of flow): report what its data set showed. */
        void abandonMessage(AnalyzerContext ctx) {
            finishDataSet(ctx);
            inCommand = false;
        }

        private void releaseInflater() {
            if (inflater != null) {
                inflater.end();
                inflater = null;
            }
        }
    }
}
