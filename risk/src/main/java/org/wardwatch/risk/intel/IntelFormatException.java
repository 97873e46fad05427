package org.wardwatch.risk.intel;

import java.io.IOException;

/**
 * An intel file that cannot be imported: names the file, the JSON path of the offending value
 * ({@code $.vulnerabilities[3].scores[0].cvss_v3.vectorString}) and what is wrong with it. The message
 * never quotes more than a short, sanitized excerpt of the file's content (advisories are untrusted).
 */
public final class IntelFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String path;
    private final String problem;

    public IntelFormatException(String file, String path, String problem) {
        super(file + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + problem);
        this.file = file;
        this.path = path;
        this.problem = problem;
    }

    public IntelFormatException(String file, String path, String problem, Throwable cause) {
        this(file, path, problem);
        initCause(cause);
    }

    public String file() {
        return file;
    }

    /** JSON path ({@code $.a.b[2]}), or null when the problem is the file as a whole (size, syntax position). */
    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
