package dev.modeldeploy.manifest;

/** Exactly one of the three is set, as in Istio's StringMatch. */
public record HeaderMatch(String exact, String prefix, String regex) {
}
