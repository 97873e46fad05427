package org.wardwatch.model.obs.dicom;

import java.util.List;

/**
 * A presentation context proposed in an A-ASSOCIATE-RQ (PS3.8 9.3.2.2).
 *
 * @param abstractSyntax     the SOP class UID
 * @param abstractSyntaxName its PS3.6 name, null when the UID is not in the registry (private SOP classes)
 */
public record DicomPresentationContext(int id, String abstractSyntax, String abstractSyntaxName,
                                       List<String> transferSyntaxes) {
    public DicomPresentationContext {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }
}
