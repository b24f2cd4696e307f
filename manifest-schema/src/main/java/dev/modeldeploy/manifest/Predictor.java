package dev.modeldeploy.manifest;

/** The inference servers a model image can be packed with. */
public enum Predictor {
    ODAHU_ML_SERVER("odahu-ml-server"),
    TRITON("triton");

    private final String manifestValue;

    Predictor(String manifestValue) {
        this.manifestValue = manifestValue;
    }

    public String manifestValue() {
        return manifestValue;
    }

    public static Predictor fromManifestValue(String value) {
        for (Predictor p : values()) {
            if (p.manifestValue.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown predictor: " + value);
    }
}
