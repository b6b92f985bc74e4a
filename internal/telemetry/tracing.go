package telemetry

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// propagator reads and writes W3C trace context (traceparent) and baggage.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// TracingWanted reports whether the environment asks for traces: an OTLP
// endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT, or the traces' own), and
// OTEL_SDK_DISABLED is not true.
func TracingWanted(getenv func(string) string) bool {
	if getenv("OTEL_SDK_DISABLED") == "true" {
		return false
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// StartTracing exports traces over OTLP/HTTP to the endpoint the standard
// OTEL_EXPORTER_OTLP_* variables name (the exporter reads them, with their
// headers, timeout and TLS settings), batched, as service "stdreg", and
// makes the provider and W3C trace-context propagation the process's own.
// Call shutdown at the end to send what is left.
func StartTracing(ctx context.Context, getenv func(string) string, version string, log *slog.Logger) (tp trace.TracerProvider, shutdown func(context.Context) error, err error) {
	// The endpoint as getenv says (the exporter itself reads os.Getenv).
	endpoint := getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
	if endpoint == "" {
		endpoint = strings.TrimSuffix(getenv("OTEL_EXPORTER_OTLP_ENDPOINT"), "/") + "/v1/traces"
	}
	exporter, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(endpoint))
	if err != nil {
		return nil, nil, fmt.Errorf("trace exporter: %w", err)
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		semconv.ServiceName("stdreg"), semconv.ServiceVersion(version)))
	if err != nil {
		return nil, nil, fmt.Errorf("trace resource: %w", err)
	}
	provider := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	otel.SetTracerProvider(provider)
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { log.Warn("tracing", "error", err) }))
	otel.SetTextMapPropagator(propagator)
	return provider, provider.Shutdown, nil
}

// TraceHTTP wraps h so that every request is a server span of tp, joined
// to the caller's trace when it sends a traceparent header. The span is
// named after the method until the router names it after the route
// (NameSpan).
func TraceHTTP(h http.Handler, tp trace.TracerProvider) http.Handler {
	return otelhttp.NewHandler(h, "stdreg",
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithPropagators(propagator),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method }),
	)
}

// NameSpan names the request's server span after its route template, as
// OpenTelemetry's conventions ask ("GET /api/v1/standards/:id"), and
// records the request id on it.
func NameSpan(ctx context.Context, method, route, requestID string) {
	span := trace.SpanFromContext(ctx)
	if !span.IsRecording() {
		return
	}
	span.SetName(method + " " + route)
	span.SetAttributes(semconv.HTTPRoute(route), semconv.HTTPRequestMethodKey.String(method))
	if requestID != "" {
		span.SetAttributes(RequestIDKey.String(requestID))
	}
}

// RequestIDKey is the attribute that carries the request id (X-Request-ID).
const RequestIDKey = attribute.Key("http.request.header.x-request-id")
