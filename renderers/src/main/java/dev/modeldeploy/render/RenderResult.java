package dev.modeldeploy.render;

import dev.modeldeploy.manifest.Finding;
import java.util.List;

/**
 * What rendering produced: one entry per manifest that rendered, and a Finding for each one that did not (that
 * manifest has no entry in rendered). One failing manifest never keeps the others from rendering.
 */
public record RenderResult(List<RenderedManifest> rendered, List<Finding> failures) {
    public RenderResult {
        rendered = List.copyOf(rendered);
        failures = List.copyOf(failures);
    }
}
