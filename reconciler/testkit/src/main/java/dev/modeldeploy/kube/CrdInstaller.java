package dev.modeldeploy.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Installs the vendored upstream CRDs (testenv/crds/GROUP/PLURAL.yaml) and waits until each is established. */
final class CrdInstaller {
    private static final Duration ESTABLISHED_TIMEOUT = Duration.ofSeconds(60);

    private CrdInstaller() {
    }

    static void installAll(KubernetesClient client, Path crdDir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(crdDir)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + crdDir, e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no CRDs under " + crdDir);
        }
        List<CustomResourceDefinition> created = files.stream().map(file -> create(client, file)).toList();
        for (CustomResourceDefinition crd : created) {
            String name = crd.getMetadata().getName();
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(
                    live -> live != null && live.getStatus() != null && live.getStatus().getConditions() != null
                            && live.getStatus().getConditions().stream()
                            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                    ESTABLISHED_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static CustomResourceDefinition create(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            return client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the API server refused the CRD " + file + ": " + e.getMessage(), e);
        }
    }
}
