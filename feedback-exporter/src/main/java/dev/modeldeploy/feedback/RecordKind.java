package dev.modeldeploy.feedback;

/** The three kinds of ODAHU feedback records; {@link #pathName()} is both the bucket folder and the metric tag. */
public enum RecordKind {
    FEEDBACK("feedback"),
    REQUEST_RESPONSE("request_response"),
    RESPONSE_BODY("response_body");

    private final String pathName;

    RecordKind(String pathName) {
        this.pathName = pathName;
    }

    public String pathName() {
        return pathName;
    }

    public static RecordKind fromPathName(String name) {
        for (RecordKind kind : values()) {
            if (kind.pathName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown record kind: " + name);
    }
}
