package dev.modeldeploy.embedded;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The API resources the embedded API server announces, read from {@code api-resources.yaml} next to this class
 * (its header says where each entry comes from). Groups and versions are in the order discovery lists them; a
 * group's first version is its preferred one.
 */
public record ApiCatalog(List<Group> groups) {
    private static final String RESOURCE = "api-resources.yaml";

    /** An API group; "" is the core group served under /api. */
    public record Group(String group, List<Version> versions) {
        public Version preferred() {
            return versions.get(0);
        }
    }

    public record Version(String version, List<Resource> resources) {
    }

    /** One resource of a group-version, with the columns a Table of it shows after Name. */
    public record Resource(String plural, String singular, String kind, boolean namespaced, List<String> shortNames,
                           List<String> categories, boolean statusSubresource, List<PrinterColumn> printerColumns) {
    }

    /** A CRD-style additionalPrinterColumn: type is string, integer, number, boolean or date. */
    public record PrinterColumn(String name, String type, String jsonPath) {
    }

    /** The catalog shipped in the jar. */
    public static ApiCatalog load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = ApiCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath next to "
                        + ApiCatalog.class.getName());
            }
            return yaml.readValue(in, ApiCatalog.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst();
    }

    public Optional<Version> version(String group, String version) {
        return group(group).flatMap(g -> g.versions().stream().filter(v -> v.version().equals(version)).findFirst());
    }

    public Optional<Resource> resource(String group, String version, String plural) {
        return version(group, version)
                .flatMap(v -> v.resources().stream().filter(r -> r.plural().equals(plural)).findFirst());
    }
}
