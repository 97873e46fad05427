package org.wardwatch.model.obs.dicom;

/**
 * The answer to one presentation context in an A-ASSOCIATE-AC (PS3.8 9.3.3.2).
 *
 * @param result             acceptance, user_rejection, no_reason, abstract_syntax_not_supported,
 *                           transfer_syntaxes_not_supported, or reserved_N
 * @param transferSyntax     the accepted transfer syntax UID (meaningless when not accepted)
 * @param abstractSyntax     the SOP class proposed under this id in the request, null when the request was not seen
 */
public record DicomPresentationContextResult(int id, String result, String transferSyntax, String transferSyntaxName,
                                             String abstractSyntax, String abstractSyntaxName) {
}
