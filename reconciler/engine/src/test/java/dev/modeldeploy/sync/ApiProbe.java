package dev.modeldeploy.sync;

import java.util.List;

/** What a test sees of the requests an API server received, and the errors it makes some of them fail with. */
interface ApiProbe {
    /** The writes since the last {@link #clear()}, as "METHOD path", failed ones included. */
    List<String> writes();

    default long writesMatching(String method, String pathPart) {
        return writes().stream().filter(w -> w.startsWith(method + " ") && w.contains(pathPart)).count();
    }

    void clear();

    /** The next `times` requests with this method whose path contains pathPart fail with this status. */
    ApiProbe fail(String method, String pathPart, int status, int times);

    void clearFaults();
}
