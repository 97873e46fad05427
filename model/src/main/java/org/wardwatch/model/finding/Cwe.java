package org.wardwatch.model.finding;

/** A CWE weakness type, e.g. {@code CWE-287} "Improper Authentication". */
public record Cwe(String id, String name) {
}
