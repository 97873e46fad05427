package org.wardwatch.risk.intel;

/**
 * Caps on what an intel file may contain. They keep a hostile or broken file from exhausting memory;
 * hitting one fails the import of that file with a message naming the cap. Real files stay far below:
 * the largest of CISA's 144 ICSMA CSAF files is 57 KB with 62 products; a yearly NVD 2.0 feed is about
 * 100–400 MB uncompressed with ~40,000 CVEs.
 *
 * @param maxDocumentBytes   CSAF, ROLIE and CycloneDX files (after gzip decompression)
 * @param maxFeedBytes       NVD CVE files (after gzip decompression); read as a stream
 * @param maxStringChars     any single JSON string
 * @param maxDepth           JSON nesting depth
 * @param maxItems           elements of any one array we read (products, vulnerabilities, components...)
 * @param maxTextChars       text we keep from a field (notes, descriptions); longer text is cut with "…"
 */
public record IntelLimits(long maxDocumentBytes, long maxFeedBytes, int maxStringChars, int maxDepth, int maxItems,
                          int maxTextChars) {
    public static final IntelLimits DEFAULT = new IntelLimits(32L << 20, 1L << 30, 1 << 20, 64, 100_000, 8192);
}
