package service_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"stdreg/internal/access"
	"stdreg/internal/service"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestReadCacheSetting: the service reads through the cache by default,
// and STDREG_READ_CACHE=0 turns it off. With the database's change signal
// silenced, a change made past the service shows whether a lookup was
// answered from memory.
func TestReadCacheSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		env       map[string]string
		fromCache bool
	}{
		{"default", nil, true},
		{"STDREG_READ_CACHE=0", map[string]string{"STDREG_READ_CACHE": "0"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
				cfg, err := service.BenchConfig(db.Config, tc.env)
				if err != nil {
					t.Fatal(err)
				}
				svc, handler := service.New(cfg, db.Store, storetest.Logger())
				operator := access.WithCaller(context.Background(), access.Operator())
				if _, err := svc.CreateStandard(operator, standard.Standard{Code: "DB33/T 1234-2024", Kind: standard.KindLocal,
					TitleZH: "西湖龙井茶叶 加工技术规程", Stage: standard.StagePublished,
					ApprovedOn: standard.Date{Year: 2023, Month: 12, Day: 20}, PublishedOn: standard.Date{Year: 2024, Month: 1, Day: 15}}); err != nil {
					t.Fatal(err)
				}
				db.SilenceChangeSignal(t)
				db.WaitSignalled(t) // the registration's signal is in: it cannot clear the cache later

				lookup := func() string {
					req := httptest.NewRequest(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape("db33/t1234-2024"), nil)
					rec := httptest.NewRecorder()
					handler.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						t.Fatalf("lookup: %d %s", rec.Code, rec.Body)
					}
					var body struct {
						TitleZH string `json:"title_zh"`
					}
					if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
						t.Fatal(err)
					}
					return body.TitleZH
				}
				lookup()
				if _, err := db.Raw(t).Exec("UPDATE standards SET title_zh = '西湖龙井茶 加工技术规程（修订）'"); err != nil {
					t.Fatal(err)
				}
				want := "西湖龙井茶 加工技术规程（修订）"
				if tc.fromCache {
					want = "西湖龙井茶叶 加工技术规程"
				}
				if got := lookup(); got != want {
					t.Errorf("lookup answers %q, want %q", got, want)
				}
			})
		})
	}
}
