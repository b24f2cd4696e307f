package dev.modeldeploy.sync.common;

/** What a reconcile cycle did to one object, in the words of Flux's ssa ChangeSet. */
public enum Action {
    CREATED, CONFIGURED, UNCHANGED, DELETED, FAILED, SKIPPED
}
