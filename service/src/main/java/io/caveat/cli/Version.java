package io.caveat.cli;

import picocli.CommandLine.IVersionProvider;

/** The version Maven stamped into the jar's manifest, or "dev". */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[]{"caveat " + (version == null ? "dev" : version)};
    }
}
