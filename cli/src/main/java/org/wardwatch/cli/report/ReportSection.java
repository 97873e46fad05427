package org.wardwatch.cli.report;

import org.wardwatch.cli.stage.AnalysisContext;

/**
 * One section of the HTML report. A section reads the results earlier stages put into the
 * {@link AnalysisContext} and returns an HTML fragment. Every string that came from the capture
 * (host names, HL7 application names, user agents...) is hostile: escape it with {@link Html#text}.
 * Sections must not reference anything outside the document (no links to scripts, styles, images or
 * fonts): the report is one self-contained file, and its Content-Security-Policy blocks the rest.
 */
public interface ReportSection {
    /** Anchor id: lowercase letters, digits and dashes. */
    String id();

    String title();

    /** The section body, or null when there is nothing to show (the section is then left out). */
    String html(AnalysisContext context);
}
