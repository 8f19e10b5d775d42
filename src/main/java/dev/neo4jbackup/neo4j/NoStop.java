package dev.neo4jbackup.neo4j;

/** Stop mode `none`: the store is already offline (a standby, a copy), nothing to stop or start. */
final class NoStop implements Quiescer {

    @Override
    public String mode() {
        return "none";
    }

    @Override
    public boolean stopsNeo4j() {
        return false;
    }

    @Override
    public void stop() {
    }

    @Override
    public void resume() {
    }
}
