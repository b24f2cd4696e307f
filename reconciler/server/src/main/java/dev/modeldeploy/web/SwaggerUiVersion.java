package dev.modeldeploy.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of the Swagger UI webjar on the classpath, which names the folder its files are in. */
final class SwaggerUiVersion {

    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String BUILT_WITH = "5.34.1";

    private SwaggerUiVersion() {
    }

    static String get() {
        try (InputStream in = SwaggerUiVersion.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return BUILT_WITH;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", BUILT_WITH);
        } catch (IOException e) {
            return BUILT_WITH;
        }
    }
}
