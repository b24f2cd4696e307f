package dev.modeldeploy.manifest;

import java.util.Locale;

/**
 * How much a finding matters. An error leaves its manifest out (and protects what it deployed before); a warning
 * says what was read but deliberately not deployed, such as an ODAHU training document in a bulk export.
 */
public enum Severity {
    ERROR,
    WARNING;

    /** "error" or "warning", as compilers print it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
