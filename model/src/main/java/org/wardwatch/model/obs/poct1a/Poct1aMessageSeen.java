package org.wardwatch.model.obs.poct1a;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * One POCT1-A XML message (root element = message type, e.g. HEL.R01, DST.R01, OBS.R01, EOT.R01, ACK.R01).
 *
 * @param controlId    HDR.control_id
 * @param version      HDR.version_id
 * @param phiElements  names of patient elements present (PT.patient_id, PT.name, ...), never their values
 */
public record Poct1aMessageSeen(Instant ts, FlowId flow, boolean fromClient, String messageType, String controlId,
                                String version, List<String> phiElements, int observations) implements Poct1aObservation {
    public Poct1aMessageSeen {
        phiElements = List.copyOf(phiElements);
    }
}
