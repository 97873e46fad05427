package org.wardwatch.protocols.http;

/** Test access to the HTTP analyzer's path reduction (package-private in main). */
public final class HttpAnalyzerAccess {
    private HttpAnalyzerAccess() {
    }

    public static String redactPath(String path) {
        return HttpAnalyzer.redactPath(path);
    }

    public static String pathOf(String target) {
        return HttpAnalyzer.pathOf(target);
    }
}
