package dev.modeldeploy.sync;

import dev.modeldeploy.cache.ObjectKey;
import dev.modeldeploy.diff.DesiredObject;
import dev.modeldeploy.render.ManagedKind;
import dev.modeldeploy.render.Owner;

/** One object Git wants, ready to compare and send. */
record PlannedObject(Owner owner, ManagedKind kind, ObjectKey key, DesiredObject desired) {
}
