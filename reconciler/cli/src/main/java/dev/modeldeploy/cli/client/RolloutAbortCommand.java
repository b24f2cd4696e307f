package dev.modeldeploy.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Stop a route's rollout at once: commit spec.rollout.abort: true to the repository the daemon "
                + "watches and push; the daemon then sends all the route's traffic to its stable deployment. "
                + "Removing the field again starts the rollout over.")
public final class RolloutAbortCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Mixin
    ChangeOptions change;

    @Parameters(index = "0", paramLabel = "ID", description = "the route whose rollout to abort")
    String id;

    @Override
    public Integer call() {
        return ManifestChange.run(spec, client, change,
                (publisher, kind, branch) -> publisher.abortRollout(id, branch), Waiter::untilRolloutAborted);
    }
}
