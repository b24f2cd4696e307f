package dev.modeldeploy.embedded;

import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.API;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAME;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAMESPACE;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.PLURAL;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.VERSION;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's CRUD dispatcher with its lookups of one named object made by index. The mock finds an object by
 * matching the request's attributes against every stored object, so each read or write of one object costs time
 * in proportion to everything stored: with a thousand deployments (six thousand objects) that scan was most of the
 * server's CPU. Here objects are also indexed by version, plural, namespace and name; a lookup by exactly those (and
 * the API group) reads the index, anything else (lists, selectors, cluster-scoped objects) still scans. The index follows every change the
 * mock stores, and if it ever disagrees with the mock's own keys it is dropped and scanning takes over.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
    private static final Logger log = LoggerFactory.getLogger(IndexedCrudDispatcher.class);

    private final Map<List<String>, Set<AttributeSet>> byName = new ConcurrentHashMap<>();
    private volatile boolean indexed = true;

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        List<String> key = indexed ? namedKey(query) : null;
        if (key == null) {
            return super.findResource(query);
        }
        for (AttributeSet candidate : byName.getOrDefault(key, Set.of())) {
            String stored = map.get(candidate);
            if (stored != null && candidate.matches(query)) {
                return Map.entry(candidate, stored);
            }
        }
        return null;
    }

    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        if (path.contains("watch=") || !indexed || namedKey(query) == null) {
            return super.handleGet(path);
        }
        Map.Entry<AttributeSet, String> found = findResource(query);
        return found == null ? new MockResponse().setResponseCode(404)
                : new MockResponse().setResponseCode(200).setBody(found.getValue());
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (!indexed) {
            return;
        }
        if (oldAttributes != null && !map.containsKey(oldAttributes)) {
            List<String> key = storedKey(oldAttributes);
            Set<AttributeSet> entries = key == null ? null : byName.get(key);
            if (entries != null) {
                entries.remove(oldAttributes);
            }
        }
        if (newState != null) {
            // the same key the mock just stored the object under (KubernetesCrudDispatcher#processEvent)
            KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
            AttributeSet stored = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
            if (!stored.containsKey(PLURAL)) {
                stored = AttributeSet.merge(pathAttributes, stored);
            }
            List<String> key = storedKey(stored);
            if (key == null || !newState.equals(map.get(stored))) {
                indexed = false;
                byName.clear();
                log.warn("embedded API server: an object is stored under a key the index cannot follow ({}); "
                        + "looking objects up by scanning from now on", path);
                return;
            }
            byName.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(stored);
        }
    }

    /** The index key of a stored object's attributes. */
    private static List<String> storedKey(AttributeSet stored) {
        String name = value(stored, NAME);
        String plural = value(stored, PLURAL);
        String version = value(stored, VERSION);
        return name == null || plural == null || version == null
                ? null : Arrays.asList(version, plural, value(stored, NAMESPACE), name);
    }

    /** The index key of a query for one named object and nothing else, or null for any other query. */
    private static List<String> namedKey(AttributeSet query) {
        List<Attribute> exactly = new ArrayList<>();
        for (String attribute : List.of(API, VERSION, PLURAL, NAMESPACE, NAME)) {
            String value = value(query, attribute);
            if (value != null) {
                exactly.add(new Attribute(attribute, value));
            }
        }
        String name = value(query, NAME);
        // without a namespace the query may mean a namespaced object anywhere: only a scan can tell
        if (name == null || value(query, PLURAL) == null || value(query, VERSION) == null
                || value(query, NAMESPACE) == null || !new AttributeSet(exactly).equals(query)) {
            return null;
        }
        return Arrays.asList(value(query, VERSION), value(query, PLURAL), value(query, NAMESPACE), name);
    }

    private static String value(AttributeSet attributes, String key) {
        Attribute attribute = attributes.getAttribute(key);
        return attribute == null || attribute.getValues().size() != 1 ? null : attribute.getValues().get(0).toString();
    }
}
