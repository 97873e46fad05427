package org.wardwatch.model.obs.astm;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * One E1394 message (H ... L records). The header record names the instrument; patient records are
 * counted, never read.
 *
 * @param framing        e1381 (ENQ, STX frames with checksums, EOT) or raw (records over TCP without frames)
 * @param senderId       H-5 Sender Name or ID, components joined with ^ (instrument name^version^serial in
 *                       many manuals; the component layout is vendor-defined)
 * @param receiverId     H-10; processingId H-12; version H-13
 * @param recordTypes    distinct record type letters in order (H, P, O, R, C, Q, M, L)
 * @param patientRecords P records: patient data in cleartext when > 0
 * @param checksumErrors E1381 frames whose checksum did not match
 */
public record AstmMessageSeen(Instant ts, FlowId flow, boolean fromClient, String framing, String senderId,
                              List<String> senderComponents, String receiverId, String processingId,
                              String version, List<String> recordTypes, int patientRecords, int orderRecords,
                              int resultRecords, int frames, int checksumErrors) implements AstmObservation {
    public AstmMessageSeen {
        senderComponents = List.copyOf(senderComponents);
        recordTypes = List.copyOf(recordTypes);
    }

    public boolean phi() {
        return patientRecords > 0;
    }
}
