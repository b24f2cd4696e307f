package dev.modeldeploy.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true, description = "List what the daemon deployed, or show one by --id.")
public final class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = "--id", paramLabel = "ID", description = "show only this one")
    String id;

    @Option(names = {"-o", "--output", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json, yaml or jsonpath=EXPR (applied to the JSON array), e.g. -o 'jsonpath=[*].spec.image'")
    String output;

    @Override
    public Integer call() {
        return Cli.run(spec, () -> {
            OutputFormat format = OutputFormat.parse(output);
            ManifestCommandGroup group = Cli.group(spec);
            DaemonClient daemon = client.resolve(group.environment(), spec.commandLine().getErr());
            ArrayNode envelopes;
            if (id == null) {
                envelopes = daemon.list(group.kind());
            } else {
                envelopes = DaemonClient.JSON.createArrayNode().add(daemon.require(group.kind(), id));
            }
            format.print(envelopes, group.kind(), spec.commandLine().getOut());
            return 0;
        });
    }
}
