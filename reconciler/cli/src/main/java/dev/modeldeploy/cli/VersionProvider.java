package dev.modeldeploy.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ModeldeployCommand.class.getPackage().getImplementationVersion();
        return new String[] {"modeldeploy " + (version == null ? "development build" : version)};
    }
}
