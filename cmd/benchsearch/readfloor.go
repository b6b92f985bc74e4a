package main

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

// pgxFloor is what a developer would hand-write for the two reads: a
// net/http handler on a pgxpool of the service's size, one statement per
// request (pgx prepares and caches it per connection), its row scanned
// into Go values and encoded with encoding/json into the fields of the
// registry's answer. It normalizes a looked-up number with the registry's
// parser, as any client of these numbers must, and hides unapproved drafts
// as the registry does from anonymous callers. No middleware, no
// registry, no read cache.
type pgxFloor struct {
	pool *pgxpool.Pool
}

// floorColumns are the columns the answer is made of; replaced_by, the
// numbers of the standards past proposal whose replaces names this one,
// in number order, comes in the same statement.
const floorColumns = `id::text, code, normalized_code, kind, nature, title_zh, title_en, stage, ccs,
	zhejiang_role, organization_id::text, technical_committee, filing_number, region, replaces,
	coalesce((SELECT array_to_json(array_agg(s.code ORDER BY s.normalized_code))
		FROM standard_replaces r JOIN standards s ON s.id = r.standard_id
		WHERE r.code = standards.code AND s.code IS NOT NULL AND s.stage NOT IN ('preliminary', 'proposal')), '[]')::text,
	adopts, drafting_units,
	ics_list, designation_list, approved_on, submitted_on, published_on, effective_on, withdrawn_on,
	months_to_publication, months_to_approval, created_at, updated_at`

// floorStandard has the fields of the registry's Standard answer.
type floorStandard struct {
	ID                 string          `json:"id"`
	Code               string          `json:"code"`
	NormalizedCode     string          `json:"normalized_code"`
	Kind               string          `json:"kind"`
	Nature             *string         `json:"nature"`
	TitleZH            string          `json:"title_zh"`
	TitleEN            string          `json:"title_en"`
	Stage              string          `json:"stage"`
	StageCode          string          `json:"stage_code"`
	ICS                json.RawMessage `json:"ics"`
	CCS                string          `json:"ccs"`
	Designations       json.RawMessage `json:"designations"`
	Replaces           json.RawMessage `json:"replaces"`
	ReplacedBy         json.RawMessage `json:"replaced_by"`
	Adopts             json.RawMessage `json:"adopts"`
	ZhejiangRole       string          `json:"zhejiang_role"`
	OrganizationID     *string         `json:"organization_id"`
	DraftingUnits      json.RawMessage `json:"drafting_units"`
	TechnicalCommittee string          `json:"technical_committee"`
	FilingNumber       string          `json:"filing_number"`
	Region             string          `json:"region"`
	ApprovedOn         *string         `json:"approved_on"`
	SubmittedOn        *string         `json:"submitted_on"`
	PublishedOn        *string         `json:"published_on"`
	EffectiveOn        *string         `json:"effective_on"`
	WithdrawnOn        *string         `json:"withdrawn_on"`
	CreatedAt          time.Time       `json:"created_at"`
	UpdatedAt          time.Time       `json:"updated_at"`
	CycleMonths        *float64        `json:"cycle_months"`
	WithinTarget       *bool           `json:"within_target"`
}

func startPGXFloor(ctx context.Context, dsn string, maxConns int) (*pgxFloor, string, func() error, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, "", nil, err
	}
	cfg.MaxConns, cfg.MinConns = int32(maxConns), int32(maxConns)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, "", nil, err
	}
	f := &pgxFloor{pool: pool}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/standards/lookup", f.lookup)
	mux.HandleFunc("GET /api/v1/standards/{id}", f.byID)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pool.Close()
		return nil, "", nil, err
	}
	srv := &http.Server{Handler: mux}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(err)
		}
	}()
	stop := func() error {
		err := srv.Close()
		pool.Close()
		return err
	}
	return f, "http://" + ln.Addr().String(), stop, nil
}

func (f *pgxFloor) lookup(w http.ResponseWriter, r *http.Request) {
	c, err := stdcode.ParseTyped(r.URL.Query().Get("code"))
	if err != nil || c.Year == 0 {
		http.Error(w, "not a dated number", http.StatusBadRequest)
		return
	}
	f.answer(w, r.Context(), "SELECT "+floorColumns+" FROM standards WHERE normalized_code = $1", c.Normalized)
}

func (f *pgxFloor) byID(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var u pgtype.UUID
	if u.Scan(id) != nil {
		http.NotFound(w, r)
		return
	}
	f.answer(w, r.Context(), "SELECT "+floorColumns+" FROM standards WHERE id = $1", u)
}

func (f *pgxFloor) answer(w http.ResponseWriter, ctx context.Context, query string, arg any) {
	var (
		s                                                      floorStandard
		code, normalized, nature, organization                 *string
		replaces, replacedBy, adopts, units, ics, designations string
		approved, submitted, published, effective, withdrawn   pgtype.Date
		toPublication, toApproval                              *float64
	)
	err := f.pool.QueryRow(ctx, query, arg).Scan(&s.ID, &code, &normalized, &s.Kind, &nature, &s.TitleZH, &s.TitleEN,
		&s.Stage, &s.CCS, &s.ZhejiangRole, &organization, &s.TechnicalCommittee, &s.FilingNumber, &s.Region,
		&replaces, &replacedBy, &adopts, &units, &ics, &designations,
		&approved, &submitted, &published, &effective, &withdrawn, &toPublication, &toApproval, &s.CreatedAt, &s.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && (s.Stage == "preliminary" || s.Stage == "proposal")) {
		http.NotFound(w, nil)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if code != nil {
		s.Code = *code
	}
	if normalized != nil {
		s.NormalizedCode = *normalized
	}
	if nature != nil && *nature != "" {
		s.Nature = nature
	}
	s.OrganizationID = organization
	s.StageCode = standard.Stage(s.Stage).Code() // the stages' numbers (ISO's, and the registry's own)
	s.Replaces, s.ReplacedBy = json.RawMessage(replaces), json.RawMessage(replacedBy)
	s.Adopts, s.DraftingUnits = json.RawMessage(adopts), json.RawMessage(units)
	s.ICS, s.Designations = json.RawMessage(ics), json.RawMessage(designations)
	s.ApprovedOn, s.SubmittedOn, s.PublishedOn = day(approved), day(submitted), day(published)
	s.EffectiveOn, s.WithdrawnOn = day(effective), day(withdrawn)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	// The default drafting-cycle rules: local standards 15 months to
	// publication, national ones 18 (recommended) or 24 (mandatory) to
	// submission for approval; others to publication, with no target.
	months, target := toPublication, 0
	switch {
	case s.Kind == "local":
		target = 15
	case s.Kind == "national" && s.Nature != nil && *s.Nature == "recommended":
		months, target = toApproval, 18
	case s.Kind == "national" && s.Nature != nil && *s.Nature == "mandatory":
		months, target = toApproval, 24
	}
	if months != nil {
		s.CycleMonths = months
		if target > 0 {
			within := *months <= float64(target)
			s.WithinTarget = &within
		}
	}
	body, err := json.Marshal(s)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(append(body, '\n'))
}

func day(d pgtype.Date) *string {
	if !d.Valid {
		return nil
	}
	s := d.Time.Format(time.DateOnly)
	return &s
}

// sameAnswer compares the floor's answer with the registry's, field by
// field, and returns the fields that differ: the floor must do the same
// work to be a floor.
func sameAnswer(floor, registry []byte) ([]string, error) {
	var f, r map[string]any
	if err := json.Unmarshal(floor, &f); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(registry, &r); err != nil {
		return nil, err
	}
	var differ []string
	for k, v := range r {
		fv, ok := f[k]
		if !ok || !jsonEqual(fv, v) {
			differ = append(differ, k)
		}
	}
	for k := range f {
		if _, ok := r[k]; !ok {
			differ = append(differ, k)
		}
	}
	return differ, nil
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
