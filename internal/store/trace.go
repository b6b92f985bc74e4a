package store

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
	"gorm.io/gorm"
)

// spanKey is where a statement keeps its span between GORM's callbacks.
const spanKey = "stdreg:span"

// Trace makes every statement GORM runs a client span of tp, a child of
// the request's span: its SQL (with placeholders, never the values), the
// rows it touched, and its error. Without a call, statements cost nothing
// more.
func (s *Store) Trace(tp trace.TracerProvider) error {
	tracer := tp.Tracer("stdreg/internal/store")
	system := semconv.DBSystemNameKey.String(s.dialect.systemName())
	s.tracer, s.dbSystem = tracer, system
	before := func(op string) func(*gorm.DB) {
		return func(db *gorm.DB) {
			if db.Statement.Context == nil {
				return
			}
			ctx, span := tracer.Start(db.Statement.Context, "db."+op, trace.WithSpanKind(trace.SpanKindClient),
				trace.WithAttributes(system, semconv.DBOperationName(op)))
			db.Statement.Context = ctx
			db.InstanceSet(spanKey, span)
		}
	}
	after := func(db *gorm.DB) {
		v, ok := db.InstanceGet(spanKey)
		if !ok {
			return
		}
		span := v.(trace.Span)
		defer span.End()
		span.SetAttributes(semconv.DBQueryText(db.Statement.SQL.String()), attribute.Int64("db.rows_affected", db.RowsAffected))
		if table := db.Statement.Table; table != "" {
			span.SetAttributes(semconv.DBCollectionName(table))
		}
		if err := db.Error; err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			span.RecordError(err)
			span.SetStatus(codes.Error, "statement failed")
		}
	}
	cb := s.db.Callback()
	for _, r := range []struct {
		op     string
		before func(name string, fn func(*gorm.DB)) error
		after  func(name string, fn func(*gorm.DB)) error
	}{
		{"create", cb.Create().Before("gorm:create").Register, cb.Create().After("gorm:create").Register},
		{"query", cb.Query().Before("gorm:query").Register, cb.Query().After("gorm:query").Register},
		{"update", cb.Update().Before("gorm:update").Register, cb.Update().After("gorm:update").Register},
		{"delete", cb.Delete().Before("gorm:delete").Register, cb.Delete().After("gorm:delete").Register},
		{"row", cb.Row().Before("gorm:row").Register, cb.Row().After("gorm:row").Register},
		{"raw", cb.Raw().Before("gorm:raw").Register, cb.Raw().After("gorm:raw").Register},
	} {
		if err := r.before("stdreg:trace_before_"+r.op, before(r.op)); err != nil {
			return err
		}
		if err := r.after("stdreg:trace_after_"+r.op, after); err != nil {
			return err
		}
	}
	return nil
}

// startSpan starts the span of a statement that runs past GORM
// (read_standard.go), as Trace's callbacks do for GORM's own; without
// Trace it starts none.
func (s *Store) startSpan(ctx context.Context, query string) (context.Context, trace.Span) {
	if s.tracer == nil {
		return ctx, nil
	}
	ctx, span := s.tracer.Start(ctx, "db.query", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(s.dbSystem, semconv.DBOperationName("query"), semconv.DBQueryText(query), semconv.DBCollectionName("standards")))
	return ctx, span
}

// endSpan ends a span startSpan started, with its error unless the row was
// only missing.
func endSpan(span trace.Span, err error) {
	if span == nil {
		return
	}
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		span.RecordError(err)
		span.SetStatus(codes.Error, "statement failed")
	}
	span.End()
}
