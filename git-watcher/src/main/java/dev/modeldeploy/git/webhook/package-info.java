/**
 * Push webhooks without an HTTP server: {@link dev.modeldeploy.git.webhook.WebhookVerifier} checks a delivery's
 * signature or token and extracts the pushed branch; {@link dev.modeldeploy.git.webhook.ReconcileTrigger} coalesces
 * reconcile requests from webhooks and the poll timer. The daemon mounts both on its own HTTP server.
 */
package dev.modeldeploy.git.webhook;
