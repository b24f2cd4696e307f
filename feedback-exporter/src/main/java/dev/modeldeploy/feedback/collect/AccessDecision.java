package dev.modeldeploy.feedback.collect;

/** What a {@link RequestCheck} decided: go on, 401 (no or bad credentials) or 403 (valid but not allowed). */
public enum AccessDecision { ALLOW, UNAUTHORIZED, FORBIDDEN }
