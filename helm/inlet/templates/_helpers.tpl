{{/* Chart name and release-scoped names. */}}
{{- define "inlet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<service module>, e.g. prod-gateway-service. Call with (dict "root" $ "svc" $svc). */}}
{{- define "inlet.serviceFullname" -}}
{{- printf "%s-%s" .root.Release.Name .svc.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "inlet.labels" -}}
helm.sh/chart: {{ include "inlet.chart" .root }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: inlet
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "inlet.selectorLabels" . }}
{{- end -}}

{{- define "inlet.selectorLabels" -}}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The values of one service: the defaults block overridden by services.<key>. */}}
{{- define "inlet.serviceValues" -}}
{{- $merged := mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy (index .root.Values.services .key)) -}}
{{- toYaml $merged -}}
{{- end -}}

{{- define "inlet.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry .root.Values.image.repository .svc.name $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" .root.Values.image.repository .svc.name $tag -}}
{{- end -}}
{{- end -}}

{{/* The chart-managed Secret (only inline values land there; existingSecret references are used as they are). */}}
{{- define "inlet.secretName" -}}
{{- printf "%s-inlet-secrets" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
  nats.auth.mode, checked: password, creds or token; creds and token need nats.auth.existingSecret (the chart
  generates neither a JWT nor a token).
*/}}
{{- define "inlet.natsAuthMode" -}}
{{- $mode := .Values.nats.auth.mode | default "password" -}}
{{- if not (has $mode (list "password" "creds" "token")) -}}
{{- fail (printf "nats.auth.mode must be password, creds or token, was %q" $mode) -}}
{{- end -}}
{{- if and .Values.nats.auth.enabled (ne $mode "password") (not .Values.nats.auth.existingSecret) -}}
{{- fail (printf "nats.auth.mode=%s needs nats.auth.existingSecret (the chart generates no %s)" $mode (ternary "credentials file" "token" (eq $mode "creds"))) -}}
{{- end -}}
{{- $mode -}}
{{- end -}}

{{/* Whether a service mounts its NATS .creds file (nats.auth.enabled, mode creds). Call with the root context. */}}
{{- define "inlet.natsCredsMounted" -}}
{{- if and .Values.nats.auth.enabled (eq (include "inlet.natsAuthMode" .) "creds") -}}true{{- end -}}
{{- end -}}

{{/* The NATS credentials the chart generates (nats.auth.enabled without existingSecret). */}}
{{- define "inlet.natsSecretName" -}}
{{- printf "%s-inlet-nats" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "inlet.registryUrl" -}}
{{- $svc := .Values.services.schemaRegistry -}}
{{- printf "http://%s:%v" (include "inlet.serviceFullname" (dict "root" . "svc" $svc)) $svc.port -}}
{{- end -}}

{{- define "inlet.jdbcUrl" -}}
{{- $pg := .root.Values.postgresql -}}
{{- $db := index $pg.databases .key -}}
{{- printf "jdbc:postgresql://%s:%v/%s%s" $pg.host $pg.port $db (ternary (printf "?%s" $pg.parameters) "" (ne $pg.parameters "")) -}}
{{- end -}}

{{/* What each service needs; facts about the code, not settings. */}}
{{- define "inlet.needs" -}}
{{- $needs := dict
  "schemaRegistry" (list "postgres" "adminToken")
  "gateway" (list "postgres" "natsBinder" "registry" "adminToken")
  "consumer" (list "natsBinder")
  "pipeline" (list "natsBinder" "registry")
  "lake" (list "postgres" "natsBinder" "registry" "s3" "lakeTokens") -}}
{{- index $needs . | join "," -}}
{{- end -}}

{{/* secretKeyRef env entries. Call with (dict "root" $ "key" $key). */}}
{{- define "inlet.secretEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $needs := splitList "," (include "inlet.needs" .key) -}}
{{- $managed := include "inlet.secretName" $root -}}
{{- if and (has "postgres" $needs) (or $v.postgresql.existingSecret $v.postgresql.password) }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $v.postgresql.existingSecret | default $managed }}
      key: {{ ternary $v.postgresql.passwordKey "postgres-password" (ne $v.postgresql.existingSecret "") }}
{{- end }}
{{- if and (has "adminToken" $needs) (or $v.auth.existingSecret $v.auth.adminToken) }}
- name: {{ ternary "INLET_REGISTRY_SECURITY_ADMIN_TOKEN" "INLET_GATEWAY_AUTH_ADMIN_TOKEN" (eq .key "schemaRegistry") }}
  valueFrom:
    secretKeyRef:
      name: {{ $v.auth.existingSecret | default $managed }}
      key: {{ ternary $v.auth.adminTokenKey "admin-token" (ne $v.auth.existingSecret "") }}
{{- end }}
{{- if and (has "lakeTokens" $needs) (or $v.auth.existingSecret $v.auth.lakeAdminToken) }}
- name: INLET_LAKE_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $v.auth.existingSecret | default $managed }}
      key: {{ ternary $v.auth.lakeAdminTokenKey "lake-admin-token" (ne $v.auth.existingSecret "") }}
      {{- if $v.auth.existingSecret }}
      optional: true
      {{- end }}
{{- end }}
{{- if and (has "lakeTokens" $needs) (or $v.auth.existingSecret $v.auth.lakeReaderToken) }}
- name: INLET_LAKE_READER_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $v.auth.existingSecret | default $managed }}
      key: {{ ternary $v.auth.lakeReaderTokenKey "lake-reader-token" (ne $v.auth.existingSecret "") }}
      {{- if $v.auth.existingSecret }}
      optional: true
      {{- end }}
{{- end }}
{{- if has "s3" $needs }}
{{- if or $v.s3.existingSecret $v.s3.accessKey }}
- name: INLET_LAKE_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $v.s3.existingSecret | default $managed }}
      key: {{ ternary $v.s3.accessKeyKey "s3-access-key" (ne $v.s3.existingSecret "") }}
- name: INLET_LAKE_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $v.s3.existingSecret | default $managed }}
      key: {{ ternary $v.s3.secretKeyKey "s3-secret-key" (ne $v.s3.existingSecret "") }}
{{- end }}
{{- end }}
{{- if and (has "natsBinder" $needs) $v.nats.auth.enabled (eq (include "inlet.natsAuthMode" $root) "token") }}
- name: SPRING_CLOUD_STREAM_NATS_BINDER_TOKEN
  valueFrom:
    secretKeyRef: {name: {{ $v.nats.auth.existingSecret }}, key: nats-token}
{{- end }}
{{- if and (has "natsBinder" $needs) $v.nats.auth.enabled (eq (include "inlet.natsAuthMode" $root) "password") }}
{{- $natsSecret := $v.nats.auth.existingSecret | default (include "inlet.natsSecretName" $root) }}
- name: SPRING_CLOUD_STREAM_NATS_BINDER_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ $natsSecret }}, key: {{ .key }}-nats-username}
- name: SPRING_CLOUD_STREAM_NATS_BINDER_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $natsSecret }}, key: {{ .key }}-nats-password}
{{- end }}
{{- if and (has "natsBinder" $needs) $v.nats.tls.enabled $v.nats.tls.existingSecret }}
- name: SPRING_CLOUD_STREAM_NATS_BINDER_TLS_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $v.nats.tls.existingSecret }}, key: {{ $v.nats.tls.truststorePasswordKey }}}
{{- if $v.nats.tls.keystoreKey }}
- name: SPRING_CLOUD_STREAM_NATS_BINDER_TLS_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $v.nats.tls.existingSecret }}, key: {{ $v.nats.tls.keystorePasswordKey }}}
{{- end }}
{{- end }}
{{- end -}}

{{/* Non-secret configuration as env (ConfigMap data). Call with (dict "root" $ "key" $key "svc" $svc). */}}
{{- define "inlet.configEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $svc := .svc -}}
{{- $needs := splitList "," (include "inlet.needs" .key) -}}
SERVER_PORT: {{ $svc.port | quote }}
JAVA_TOOL_OPTIONS: {{ $svc.javaToolOptions | quote }}
MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED: "true"
SERVER_SHUTDOWN: "graceful"
{{- if $svc.metrics }}
MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE: "health,info,metrics,prometheus"
{{- end }}
{{- if has "postgres" $needs }}
SPRING_DATASOURCE_URL: {{ include "inlet.jdbcUrl" . | quote }}
SPRING_DATASOURCE_USERNAME: {{ $v.postgresql.username | quote }}
{{- end }}
{{- if has "registry" $needs }}
INLET_REGISTRY_URL: {{ include "inlet.registryUrl" $root | quote }}
{{- end }}
{{- if has "natsBinder" $needs }}
SPRING_CLOUD_STREAM_NATS_BINDER_SERVERS: {{ join "," $v.nats.servers | quote }}
SPRING_CLOUD_STREAM_NATS_BINDER_CONNECT_TIMEOUT: {{ $v.nats.connectionTimeout | quote }}
{{- if include "inlet.natsCredsMounted" $root }}
SPRING_CLOUD_STREAM_NATS_BINDER_CREDENTIALS_FILE: {{ printf "/etc/inlet/nats-creds/%s.creds" .key | quote }}
{{- end }}
{{- if $v.nats.tls.enabled }}
SPRING_CLOUD_STREAM_NATS_BINDER_TLS_ENABLED: "true"
{{- if $v.nats.tls.existingSecret }}
SPRING_CLOUD_STREAM_NATS_BINDER_TLS_TRUSTSTORE_PATH: {{ printf "/etc/inlet/nats-tls/%s" $v.nats.tls.truststoreKey | quote }}
{{- if $v.nats.tls.keystoreKey }}
SPRING_CLOUD_STREAM_NATS_BINDER_TLS_KEYSTORE_PATH: {{ printf "/etc/inlet/nats-tls/%s" $v.nats.tls.keystoreKey | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- /* Every stream the service provisions, dead-letter streams too (inlet.streams.replicas in application.yml). */}}
INLET_STREAMS_REPLICAS: {{ $v.nats.streams.replicas | quote }}
{{- end }}
{{- /* Every service creates the streams it reads or writes when missing: all with the same settings. */}}
{{- if has "natsBinder" $needs }}
{{- range $side := list "PRODUCER" "CONSUMER" }}
SPRING_CLOUD_STREAM_NATS_DEFAULT_{{ $side }}_STREAM_STORAGE: {{ $v.nats.streams.storage | quote }}
SPRING_CLOUD_STREAM_NATS_DEFAULT_{{ $side }}_STREAM_MAX_AGE: {{ $v.nats.streams.maxAge | quote }}
SPRING_CLOUD_STREAM_NATS_DEFAULT_{{ $side }}_STREAM_MAX_BYTES: {{ $v.nats.streams.maxBytes | quote }}
SPRING_CLOUD_STREAM_NATS_DEFAULT_{{ $side }}_STREAM_DUPLICATE_WINDOW: {{ $v.nats.streams.duplicateWindow | quote }}
{{- end }}
SPRING_CLOUD_STREAM_NATS_DEFAULT_PRODUCER_FRAME_COMPRESSION: {{ $v.nats.frameCompression | quote }}
{{- end }}
{{- if has "s3" $needs }}
{{- if $v.s3.endpoint }}
INLET_LAKE_S3_ENDPOINT: {{ $v.s3.endpoint | quote }}
{{- end }}
INLET_LAKE_S3_REGION: {{ $v.s3.region | quote }}
INLET_LAKE_S3_PATH_STYLE: {{ $v.s3.pathStyle | quote }}
INLET_LAKE_S3_LAKE_BUCKET: {{ $v.s3.lakeBucket | quote }}
INLET_LAKE_S3_ERROR_BUCKET: {{ $v.s3.errorBucket | quote }}
{{- end }}
{{- if eq .key "lake" }}
INLET_LAKE_TABLE_FORMAT: {{ $v.lake.tableFormat | quote }}
INLET_LAKE_ICEBERG_NAMESPACE: {{ $v.lake.iceberg.namespace | quote }}
INLET_LAKE_ICEBERG_ERROR_NAMESPACE: {{ $v.lake.iceberg.errorNamespace | quote }}
INLET_LAKE_ICEBERG_PARTITION_BY: {{ $v.lake.iceberg.partitionBy | quote }}
INLET_LAKE_PARTITIONING_SOURCE: {{ $v.lake.partitioning.source | quote }}
INLET_LAKE_PARTITIONING_MAX_OPEN_PER_TYPE: {{ $v.lake.partitioning.maxOpenPerType | quote }}
{{- if $v.lake.partitioning.byType }}
{{- /* Event types have dots: map keys cannot come from environment variable names, so as JSON. */}}
SPRING_APPLICATION_JSON: {{ dict "inlet" (dict "lake" (dict "partitioning" (dict "by-type" $v.lake.partitioning.byType))) | toJson | quote }}
{{- end }}
INLET_LAKE_COMPACTION_ENABLED: {{ $v.lake.compaction.enabled | quote }}
INLET_LAKE_COMPACTION_CLOSED_AFTER: {{ $v.lake.compaction.closedAfter | quote }}
INLET_LAKE_COMPACTION_MAX_FILES: {{ $v.lake.compaction.maxFiles | quote }}
INLET_LAKE_COMPACTION_TARGET_FILE_SIZE: {{ $v.lake.compaction.targetFileSize | quote }}
{{- end }}
{{- if eq .key "gateway" }}
INLET_GATEWAY_EVENT_TYPES_UNKNOWN: {{ $svc.unknownEventTypes | default "reject" | quote }}
{{- end }}
{{- range $name, $value := $svc.env }}
{{ $name }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/*
The JetStream consumers each stage pulls from, as <stream>:<durable>; facts about the code (the bindings' groups and
streams in the services' application.yml, named by the binder's NatsNames), checked by deploy-tests.
*/}}
{{- define "inlet.jetStreamConsumers" -}}
{{- $consumers := dict
  "consumer" (list "INLET_RAW:inlet-consumer")
  "pipeline" (list "INLET_EVENTS:inlet-pipeline")
  "lake" (list "INLET_VALID:inlet-lake-valid" "INLET_ERRORS:inlet-lake-errors") -}}
{{- index $consumers . | default (list) | join "," -}}
{{- end -}}

{{/* "true" when services.<key> scales with a KEDA ScaledObject (then it has no HPA). Call with (dict "svc" $svc "key" $key). */}}
{{- define "inlet.kedaScaled" -}}
{{- if and .svc.enabled .svc.keda.enabled (include "inlet.jetStreamConsumers" .key) -}}true{{- end -}}
{{- end -}}
