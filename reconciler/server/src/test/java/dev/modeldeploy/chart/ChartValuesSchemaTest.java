package dev.modeldeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json stops bad values at install time, naming the value; the chart's own checks do the rest. */
class ChartValuesSchemaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            replicaCount: -1                                            | '- replicaCount: Must be greater than or equal to 1'
            replicaCount: 0                                             | '- replicaCount: Must be greater than or equal to 1'
            replicaCount: two                                           | '- replicaCount: Invalid type'
            'feedback: {enabled: true, bucket: "ftp://x"}'              | '- feedback.bucket: Does not match pattern'
            'feedback: {bucket: "bucket-without-scheme"}'               | '- feedback.bucket: Does not match pattern'
            containerPort: 70000                                        | '- containerPort: Must be less than or equal to 65535'
            'service: {port: 0}'                                        | '- service.port: Must be greater than or equal to 1'
            'git: {repo: "not a repository url"}'                       | '- git.repo: Does not match pattern'
            'git: {interval: "30 seconds"}'                             | '- git.interval: Does not match pattern'
            'git: {auth: {type: kerberos}}'                             | '- git.auth.type: git.auth.type must be one of'
            'git: {auth: {type: ssh}}'                                  | '- git.auth.existingSecret: String length must be greater than or equal to 1'
            'git: {auth: {token: "ghp_inline_secret"}}'                 | '- git.auth: Additional property token is not allowed'
            'image: {pullPolicy: Sometimes}'                            | '- image.pullPolicy: image.pullPolicy must be one of'
            'rbac: {clusterWide: "yes"}'                                | '- rbac.clusterWide: Invalid type'
            'prune: {maxDeleteShare: 2}'                                | '- prune.maxDeleteShare: Must be less than or equal to 1'
            'auth: {enabled: true}'                                     | '- auth.jwksUrl: String length must be greater than or equal to 1'
            'auth: {issuer: "https://idp.example.com"}'                 | '- auth.jwksUrl: String length must be greater than or equal to 1'
            'cluster: {ingress: {gateway: "Not/A Gateway"}}'            | '- cluster.ingress.gateway: Does not match pattern'
            'feedback: {requestLogging: {mode: everything}}'            | '- feedback.requestLogging.mode: feedback.requestLogging.mode must be one of'
            'feedback: {schedule: "every minute"}'                      | '- feedback.schedule: Does not match pattern'
            replicaCunt: 3                                              | '- (root): Additional property replicaCunt is not allowed'
            """)
    void templateFailsWithTheSchemaError(String values, String schemaError, @TempDir Path scratch) {
        assertThatThrownBy(() -> HelmChart.templateUncached(values + "\n", scratch))
                .as("values %s", values)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(schemaError);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'git: {repo: "https://git.example.com/ml/models.git"}'
            'git: {repo: "ssh://git@git.example.com:2222/ml/models.git"}'
            'git: {repo: "git@github.com:org/models.git"}'
            'git: {repo: "file:///srv/git/models.git"}'
            'feedback: {enabled: true, bucket: "file:///var/lib/modeldeploy/bucket"}'
            'podDisruptionBudget: {minAvailable: "50%"}'
            """)
    void acceptsTheDocumentedForms(String values, @TempDir Path scratch) {
        assertThat(HelmChart.templateUncached(values + "\n", scratch)).contains("kind: ConfigMap");
    }
}
