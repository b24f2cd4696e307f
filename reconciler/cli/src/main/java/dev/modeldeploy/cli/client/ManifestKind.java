package dev.modeldeploy.cli.client;

import dev.modeldeploy.manifest.ModelDeployment;
import dev.modeldeploy.manifest.ModelRoute;

/** The two manifest kinds the CLI manages, with their command word and API collection. */
public enum ManifestKind {
    DEPLOYMENT("deployment", ModelDeployment.KIND, "/api/v1/model/deployment"),
    ROUTE("route", ModelRoute.KIND, "/api/v1/model/route");

    private final String command;
    private final String kind;
    private final String apiPath;

    ManifestKind(String command, String kind, String apiPath) {
        this.command = command;
        this.kind = kind;
        this.apiPath = apiPath;
    }

    public String command() {
        return command;
    }

    /** The manifest's kind: field. */
    public String kind() {
        return kind;
    }

    public String apiPath() {
        return apiPath;
    }
}
