package dev.modeldeploy.chart;

/** Value sets the chart is linted and rendered with; each is an overlay on the chart's values.yaml. */
enum Scenario {
    DEFAULTS(""),
    FEEDBACK_S3("""
            feedback:
              enabled: true
              bucket: s3://ml-feedback/prod
              s3:
                endpoint: https://minio.example.com
                pathStyle: true
                existingSecret: feedback-bucket
            """),
    FEEDBACK_GCS_PERSISTENT("""
            feedback:
              enabled: true
              bucket: gs://ml-feedback/prod
              gcs:
                existingSecret: feedback-gcs
              persistence:
                enabled: true
                storageClass: fast
                size: 10Gi
            """),
    CLUSTER_WIDE("""
            rbac:
              clusterWide: true
            cluster:
              namespace: models
            """),
    SSH("""
            git:
              repo: git@git.example.com:ml/models.git
              auth:
                type: ssh
                existingSecret: git-ssh
            webhook:
              existingSecret: git-webhook
            """),
    TOKEN("""
            git:
              repo: https://git.example.com/ml/models.git
              auth:
                type: token
                existingSecret: git-token
                secretKeys:
                  token: pat
            auth:
              enabled: true
              issuer: https://keycloak.example.com/realms/ml
              jwksUrl: https://keycloak.example.com/realms/ml/protocol/openid-connect/certs
            """),
    MONITORING("""
            serviceMonitor:
              enabled: true
              labels:
                release: kube-prometheus-stack
            dashboards:
              namespace: monitoring
              annotations:
                grafana_folder: ML models
            """);

    final String values;

    Scenario(String values) {
        this.values = values;
    }
}
