package dev.modeldeploy.embedded;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.modeldeploy.render.ManagedKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded API server's objects in a file under the state dir across clean restarts: the managed kinds
 * (whatever their labels) and the simulated Knative Revisions, with their status. Written when the daemon stops,
 * read back before anything watches the server; a daemon killed hard simply starts from an empty cluster and
 * recreates everything from Git.
 */
public final class ClusterSnapshot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterSnapshot.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Path file;

    private ClusterSnapshot(KubernetesClient client, String namespace, Path file) {
        this.client = client;
        this.namespace = namespace;
        this.file = file;
    }

    /** Restores the objects saved in file (if any) into the embedded server, and saves them there on close. */
    public static ClusterSnapshot restore(EmbeddedCluster cluster, Path file) {
        ClusterSnapshot snapshot = new ClusterSnapshot(cluster.client(), cluster.defaultNamespace(), file);
        snapshot.load();
        return snapshot;
    }

    private static List<ResourceDefinitionContext> kinds() {
        List<ResourceDefinitionContext> kinds = new ArrayList<>();
        for (ManagedKind kind : ManagedKind.ALL) {
            kinds.add(new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version())
                    .withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(kind.namespaced()).build());
        }
        kinds.add(KnativeSimulator.REVISIONS);
        return kinds;
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<GenericKubernetesResource> objects;
        try {
            objects = Serialization.jsonMapper().readValue(file.toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            log.warn("ignoring the embedded cluster snapshot {}: {}", file, e.getMessage());
            return;
        }
        Map<String, ResourceDefinitionContext> byKind = new HashMap<>();
        for (ResourceDefinitionContext kind : kinds()) {
            byKind.put(kind.getGroup() + "/" + kind.getVersion() + "/" + kind.getKind(), kind);
        }
        for (GenericKubernetesResource object : objects) {
            String apiVersion = object.getApiVersion().contains("/") ? object.getApiVersion() : "/" + object.getApiVersion();
            ResourceDefinitionContext kind = byKind.get(apiVersion + "/" + object.getKind());
            if (kind == null) {
                continue;
            }
            object.getMetadata().setResourceVersion(null);
            client.genericKubernetesResources(kind).inNamespace(namespace).resource(object).create();
        }
        log.info("restored {} objects into the embedded cluster from {}", objects.size(), file);
    }

    /** Writes every object of the kinds kept, atomically, so a crash mid-write leaves the previous snapshot. */
    public void save() {
        List<GenericKubernetesResource> objects = new ArrayList<>();
        for (ResourceDefinitionContext kind : kinds()) {
            objects.addAll(client.genericKubernetesResources(kind).inNamespace(namespace).list().getItems());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Serialization.jsonMapper().writeValue(partial.toFile(), objects);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the embedded cluster to " + file + ": " + e.getMessage(), e);
        }
        log.info("saved {} objects of the embedded cluster to {}", objects.size(), file);
    }

    @Override
    public void close() {
        save();
    }
}
