package org.wardwatch.model.obs.sdc;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.FlowId;

/**
 * A BICEPS MDIB (IEEE 11073-10207) travelled in cleartext (GetMdibResponse, episodic reports): its
 * MDS descriptors' metadata and coded types; patient context present is a flag, never its content.
 *
 * @param mdsTypes     pm:Type/@Code of each MDS descriptor (MDC codes, e.g. 70041)
 */
public record SdcMdibSeen(Instant ts, FlowId flow, String mdibVersion, List<String> mdsTypes, String manufacturer,
                          String modelName, String modelNumber, List<String> serialNumbers,
                          boolean patientContextSeen) implements SdcObservation {
    public SdcMdibSeen {
        mdsTypes = List.copyOf(mdsTypes);
        serialNumbers = List.copyOf(serialNumbers);
    }
}
