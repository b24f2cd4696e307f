package dev.modeldeploy.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/** An input/output sample for the service catalog; a model appears there with examples when it gives them. */
public record ApiExample(String name, JsonNode request, JsonNode response) {
}
