package dev.modeldeploy.cli.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the client commands read from outside their arguments: environment variables and the home folder.
 * Tests pass their own; commands run by users take the real ones.
 */
public record ClientEnvironment(Map<String, String> variables, Path home) {

    public static final String CONFIG_VARIABLE = "MODELDEPLOY_CONFIG";
    public static final String TOKEN_VARIABLE = "MODELDEPLOY_TOKEN";

    public ClientEnvironment {
        variables = Map.copyOf(variables);
    }

    public static ClientEnvironment system() {
        return new ClientEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public String get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** ~/.modeldeploy/config, or the file MODELDEPLOY_CONFIG names. */
    public Path configFile() {
        String override = get(CONFIG_VARIABLE);
        return override != null ? Path.of(override) : home.resolve(".modeldeploy").resolve("config");
    }

    /** How to name the config file in messages: the way the user would write it. */
    public String configFileForHumans() {
        return get(CONFIG_VARIABLE) != null ? get(CONFIG_VARIABLE) : "~/.modeldeploy/config";
    }
}
