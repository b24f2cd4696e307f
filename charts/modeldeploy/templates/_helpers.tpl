{{/* Names are cut to 63 characters: the DNS label limit for object names and label values. */}}
{{- define "modeldeploy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "modeldeploy.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "modeldeploy.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "modeldeploy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "modeldeploy.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "modeldeploy.labels" -}}
helm.sh/chart: {{ include "modeldeploy.chart" . }}
{{ include "modeldeploy.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: modeldeploy
{{- end }}

{{- define "modeldeploy.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "modeldeploy.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The namespace the rendered model objects are applied to. */}}
{{- define "modeldeploy.targetNamespace" -}}
{{- default .Release.Namespace .Values.cluster.namespace }}
{{- end }}

{{- define "modeldeploy.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "modeldeploy.leaseName" -}}
{{- default (printf "%s-leader" (include "modeldeploy.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{/* A StatefulSet only when the feedback spool must survive restarts: each replica then owns its volume. */}}
{{- define "modeldeploy.persistent" -}}
{{- if and .Values.feedback.enabled .Values.feedback.persistence.enabled }}true{{ end }}
{{- end }}

{{/* The collector's request-log endpoint, reachable from the model pods in any namespace. */}}
{{- define "modeldeploy.collectorUrl" -}}
{{- printf "http://%s.%s.svc.%s:%d/log" (include "modeldeploy.fullname" .) .Release.Namespace .Values.cluster.clusterDomain (int .Values.service.port) }}
{{- end }}

{{/* Fixed mount points: config.yaml names these files, the Secrets are mounted there by reference. */}}
{{- define "modeldeploy.paths" -}}
configDir: /etc/modeldeploy
stateDir: /var/lib/modeldeploy
gitSecretDir: /var/run/secrets/modeldeploy/git
webhookSecretDir: /var/run/secrets/modeldeploy/webhook
gcsSecretDir: /var/run/secrets/modeldeploy/gcs
{{- end }}
