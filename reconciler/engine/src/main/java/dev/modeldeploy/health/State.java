package dev.modeldeploy.health;

/** ODAHU's deployment states. */
public enum State {
    Processing, Ready, Failed
}
