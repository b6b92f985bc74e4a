package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestKeyByHashReadsTheWholeKey: the lookup of every request with a key,
// which runs past GORM, gives the key GORM's read of it gives, as it is
// created, once used and once revoked, with and without an organization;
// a secret no key has is not found.
func TestKeyByHashReadsTheWholeKey(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		admin := access.WithCaller(context.Background(), access.Operator())
		svc := registry.New(db.Store, time.Now, standard.DefaultCycleRules())
		org, err := svc.CreateOrganization(admin, standard.Organization{Name: "浙江省标准化研究院", Kind: standard.OrgInstitute, Region: "330100"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			key  access.Key
		}{
			{"an editor of 浙江省标准化研究院", access.Key{Name: "浙江省标准化研究院 录入", Role: access.RoleEditor, OrganizationID: org.ID}},
			{"an auditor", access.Key{Name: "省市场监管局 审计", Role: access.RoleAuditor}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				created, secret, err := svc.CreateKey(admin, tc.key)
				if err != nil {
					t.Fatal(err)
				}
				same := func(when string) access.Key {
					t.Helper()
					got, err := db.Store.KeyByHash(admin, access.HashSecret(secret))
					if err != nil {
						t.Fatalf("%s: %v", when, err)
					}
					want, err := db.Store.GetKey(admin, created.ID)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s: KeyByHash differs from GetKey (-GetKey +KeyByHash):\n%s", when, diff)
					}
					return got
				}
				if k := same("created"); k.OrganizationID != tc.key.OrganizationID || k.LastUsedAt != nil || k.RevokedAt != nil {
					t.Errorf("created: %+v", k)
				}
				used := time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)
				if err := db.Store.TouchKey(admin, created.ID, used); err != nil {
					t.Fatal(err)
				}
				if k := same("used"); k.LastUsedAt == nil || !k.LastUsedAt.Equal(used) {
					t.Errorf("used at %v, want %v", k.LastUsedAt, used)
				}
				if _, err := svc.RevokeKey(admin, created.ID, nil); err != nil {
					t.Fatal(err)
				}
				if k := same("revoked"); k.RevokedAt == nil {
					t.Error("revoked, yet RevokedAt is empty")
				}
			})
		}
		if _, err := db.Store.KeyByHash(admin, access.HashSecret("stdreg_nokey_0000000000000000000000000000")); fault.CodeOf(err) != fault.CodeNotFound {
			t.Errorf("a secret no key has: %v, want not found", err)
		}
	})
}
