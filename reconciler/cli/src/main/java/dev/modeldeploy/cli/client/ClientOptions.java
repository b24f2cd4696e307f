package dev.modeldeploy.cli.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the daemon is and which token to send: {@code --url}, then url: in the config file, then
 * http://localhost:8080; the token from {@code --token-file}, {@code --token}, MODELDEPLOY_TOKEN or token: in the
 * config file, in that order.
 */
public final class ClientOptions {

    public static final String DEFAULT_URL = "http://localhost:8080";

    @Option(names = "--url", paramLabel = "URL",
            description = "modeldeploy daemon URL (default: url: in ~/.modeldeploy/config, else " + DEFAULT_URL + ")")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the bearer token (JWT)")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "JWT",
            description = "bearer token; prefer --token-file or MODELDEPLOY_TOKEN: command lines end up in shell history")
    String token;

    /** The connection these options, the environment and the config file describe; warnings go to err. */
    public DaemonClient resolve(ClientEnvironment environment, PrintWriter err) {
        ClientConfig config = ClientConfig.load(environment.configFile());
        String daemonUrl = firstOf(url, config.url(), DEFAULT_URL);
        return new DaemonClient(stripSlash(daemonUrl), resolveToken(environment, config, err), environment);
    }

    private String resolveToken(ClientEnvironment environment, ClientConfig config, PrintWriter err) {
        if (tokenFile != null && token != null) {
            throw new CliException("give either --token-file or --token, not both", 2);
        }
        if (tokenFile != null) {
            try {
                String value = Files.readString(tokenFile).trim();
                if (value.isEmpty()) {
                    throw new CliException("token file " + tokenFile + " is empty");
                }
                return value;
            } catch (IOException e) {
                throw new CliException("cannot read token file " + tokenFile + ": " + e.getClass().getSimpleName());
            }
        }
        if (token != null) {
            err.println("warning: a token given with --token ends up in your shell history; "
                    + "use --token-file FILE or the MODELDEPLOY_TOKEN variable instead");
            return token.trim();
        }
        String fromEnvironment = environment.get(ClientEnvironment.TOKEN_VARIABLE);
        if (fromEnvironment != null) {
            return fromEnvironment.trim();
        }
        if (config.token() != null && ClientConfig.readableByOthers(environment.configFile())) {
            err.println("warning: " + environment.configFileForHumans() + " holds a token and others can read it; "
                    + "run chmod 600 " + environment.configFileForHumans());
        }
        return config.token();
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
