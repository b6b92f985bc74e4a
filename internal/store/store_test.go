package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/config"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// event is an audit event as the registry makes one.
func event(action, resourceID string) audit.Event {
	return audit.Event{
		ID: uuid.Must(uuid.NewV7()).String(), OccurredAt: time.Now(), KeyName: "store test",
		Action: access.Action(action), ResourceType: "standard", ResourceID: resourceID,
		Before: json.RawMessage("null"), After: json.RawMessage(`{"ok": true}`),
	}
}

// registered is a standard's registration, its history's first entry.
func registered(st standard.Standard) standard.Transition {
	return standard.Transition{
		ID: uuid.Must(uuid.NewV7()).String(), StandardID: st.ID, To: st.Stage,
		OccurredOn: st.PublishedOn, RecordedAt: time.Now(), Actor: "store test",
	}
}

// register stores st as the registry registers a standard: with its
// registration and audit event.
func register(t *testing.T, db storetest.Database, st standard.Standard) {
	t.Helper()
	if err := db.Store.CreateStandard(context.Background(), st, registered(st), event("standard.create", st.ID)); err != nil {
		t.Fatalf("register %s: %v", st.Code, err)
	}
}

func day(s string) standard.Date {
	d, err := standard.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// teaStandard is a Zhejiang local standard with every kind of field set.
func teaStandard() standard.Standard {
	now := time.Date(2026, 11, 28, 2, 3, 4, 567891000, time.UTC)
	return standard.Standard{
		ID: uuid.Must(uuid.NewV7()).String(), Code: "DB33/T 1234—2024", NormalizedCode: "DB33/T 1234-2024",
		Kind: standard.KindLocal, Nature: standard.NatureRecommended, TitleZH: "西湖龙井茶 加工技术规程",
		TitleEN: "Technical code of processing for Xihu Longjing tea", Stage: standard.StagePublished,
		ICS: []string{"67.140.10", "65.020"}, CCS: "X55",
		Designations: []standard.Designation{{Type: standard.DesignationZhejiangStandard, Year: 2025, Reference: "浙江标准 2025-003"}},
		Replaces:     []string{"DB33/T 1234—2019"},
		Adopts:       []standard.Adoption{{Code: "ISO 3720:2011", Degree: standard.DegreeNotEquivalent}},
		ZhejiangRole: standard.RoleLead, DraftingUnits: []string{"杭州市农业科学研究院", "浙江大学"},
		TechnicalCommittee: "ZJ/TC 12", Region: "330100",
		ApprovedOn: day("2022-12-31"), PublishedOn: day("2024-02-29"), EffectiveOn: day("2024-03-31"),
		CreatedAt: now, UpdatedAt: now, Version: 1,
	}
}

func TestStandardRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		want := teaStandard()
		if err := db.Store.CreateStandard(ctx, want, registered(want), event("standard.create", want.ID)); err != nil {
			t.Fatal(err)
		}
		got, err := db.Store.GetStandard(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Timestamps keep microseconds on both databases.
		want.CreatedAt, want.UpdatedAt = want.CreatedAt.Truncate(time.Microsecond), want.UpdatedAt.Truncate(time.Microsecond)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stored and read back differ (-want +got):\n%s", diff)
		}
		byCode, err := db.Store.GetStandardByCode(ctx, "DB33/T 1234-2024")
		if err != nil || byCode.ID != want.ID {
			t.Errorf("by code: %v %v", byCode.ID, err)
		}
		_, err = db.Store.GetStandard(ctx, uuid.Must(uuid.NewV7()).String())
		if fault.CodeOf(err) != fault.CodeNotFound {
			t.Errorf("unknown id: %v, want not found", err)
		}
	})
}

func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		st := teaStandard()
		st.DraftingUnits = nil
		register(t, db, st)
		const writers = 12
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.Store.UpdateStandard(ctx, st.ID, func(cur standard.Standard) (standard.Standard, audit.Event, error) {
					cur.DraftingUnits = append(cur.DraftingUnits, fmt.Sprintf("起草单位%02d", i))
					return cur, event("standard.update", st.ID), nil
				})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent update failed: %v", err)
			}
		}
		got, err := db.Store.GetStandard(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.DraftingUnits) != writers || got.Version != writers+1 {
			t.Errorf("after %d concurrent updates: %d units, version %d", writers, len(got.DraftingUnits), got.Version)
		}
	})
}

func TestConcurrentRegistrationsOfOneNumber(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		const tries = 8
		var wg sync.WaitGroup
		results := make(chan error, tries)
		for range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st := teaStandard()
				st.ID = uuid.Must(uuid.NewV7()).String()
				results <- db.Store.CreateStandard(ctx, st, registered(st), event("standard.create", st.ID))
			}()
		}
		wg.Wait()
		close(results)
		created, conflicts := 0, 0
		for err := range results {
			switch {
			case err == nil:
				created++
			case fault.CodeOf(err) == fault.CodeConflict:
				conflicts++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if created != 1 || conflicts != tries-1 {
			t.Errorf("created %d, conflicts %d; want 1 and %d", created, conflicts, tries-1)
		}
	})
}

func TestRefusedChangeWritesNothing(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		st := teaStandard()
		register(t, db, st)
		other := teaStandard()
		other.ID, other.Code, other.NormalizedCode = uuid.Must(uuid.NewV7()).String(), "DB33/T 9999—2024", "DB33/T 9999-2024"
		if err := db.Store.CreateStandard(ctx, other, registered(other), event("standard.create", other.ID)); err != nil {
			t.Fatal(err)
		}
		// Renumbering onto a registered number fails after the child rows
		// were rewritten in the same transaction; all of it must roll back.
		_, err := db.Store.UpdateStandard(ctx, other.ID, func(cur standard.Standard) (standard.Standard, audit.Event, error) {
			cur.ICS = []string{"01.040"}
			cur.Code, cur.NormalizedCode = st.Code, st.NormalizedCode
			return cur, event("standard.update", other.ID), nil
		})
		if fault.CodeOf(err) != fault.CodeConflict {
			t.Fatalf("renumbering onto a registered number: %v, want conflict", err)
		}
		got, err := db.Store.GetStandard(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || got.Code != "DB33/T 9999—2024" || !cmp.Equal(got.ICS, other.ICS) {
			t.Errorf("a refused update changed the record: version %d code %s ics %v", got.Version, got.Code, got.ICS)
		}
		// An organization that does not exist is a bad field, not a crash.
		missing := teaStandard()
		missing.ID, missing.Code, missing.NormalizedCode = uuid.Must(uuid.NewV7()).String(), "DB33/T 8888—2024", "DB33/T 8888-2024"
		missing.OrganizationID = uuid.Must(uuid.NewV7()).String()
		err = db.Store.CreateStandard(ctx, missing, registered(missing), event("standard.create", missing.ID))
		if fault.CodeOf(err) != fault.CodeInvalid {
			t.Errorf("unknown organization: %v, want invalid", err)
		}
		if _, err := db.Store.GetStandard(ctx, missing.ID); fault.CodeOf(err) != fault.CodeNotFound {
			t.Errorf("refused create left a row: %v", err)
		}
	})
}

func TestMigrateTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		if err := db.Store.Migrate(context.Background(), storetest.Logger()); err != nil {
			t.Errorf("second migration: %v", err)
		}
	})
}

// TestSQLiteSettings: the embedded database runs in WAL mode with
// a busy timeout and foreign keys on, on every connection of the pool.
func TestSQLiteSettings(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverSQLite)
	raw := db.Raw(t)
	var mode string
	if err := raw.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q (%v), want wal", mode, err)
	}
	// The store's own connections: foreign keys on (an unknown organization
	// is refused), which SQLite leaves off unless asked on each connection.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := teaStandard()
			st.ID, st.Code, st.NormalizedCode = uuid.Must(uuid.NewV7()).String(), fmt.Sprintf("DB33/T %d—2024", 8100+i), fmt.Sprintf("DB33/T %d-2024", 8100+i)
			st.OrganizationID = uuid.Must(uuid.NewV7()).String()
			if err := db.Store.CreateStandard(context.Background(), st, registered(st), event("standard.create", st.ID)); fault.CodeOf(err) != fault.CodeInvalid {
				t.Errorf("connection %d: unknown organization gave %v, want invalid", i, err)
			}
		}()
	}
	wg.Wait()
}
