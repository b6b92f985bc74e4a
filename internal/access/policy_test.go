package access

import (
	"testing"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

func TestAuthorize(t *testing.T) {
	const own, other = "0193a1b2-0000-7000-8000-00000000000a", "0193a1b2-0000-7000-8000-00000000000b"
	callers := map[string]Caller{
		"anonymous": {},
		"admin":     {KeyID: "k1", Role: RoleAdmin},
		"editor":    {KeyID: "k2", Role: RoleEditor, OrganizationID: own},
		"auditor":   {KeyID: "k3", Role: RoleAuditor},
		"reader":    {KeyID: "k4", Role: RoleReader},
		"operator":  Operator(),
	}
	ok, unauth, forbid := fault.ErrorCode(""), fault.CodeUnauthorized, fault.CodeForbidden
	for _, tc := range []struct {
		action Action
		owner  string
		want   map[string]fault.ErrorCode
	}{
		{CreateStandard, own, map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": ok, "auditor": forbid, "reader": forbid, "operator": ok}},
		{UpdateStandard, other, map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": forbid, "auditor": forbid, "reader": forbid, "operator": ok}},
		{MoveStandard, own, map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": ok, "auditor": forbid, "reader": forbid, "operator": ok}},
		{DeleteStandard, "", map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": forbid, "auditor": forbid, "reader": forbid, "operator": ok}},
		{CreateOrganization, "", map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": forbid, "auditor": forbid, "reader": forbid, "operator": ok}},
		{UpdateOrganization, own, map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": forbid, "auditor": forbid, "reader": forbid, "operator": ok}},
		{CreateKey, "", map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": forbid, "auditor": forbid, "reader": forbid, "operator": ok}},
		{ReadKeys, "", map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": forbid, "auditor": ok, "reader": forbid, "operator": ok}},
		{ReadAudit, "", map[string]fault.ErrorCode{"anonymous": unauth, "admin": ok, "editor": forbid, "auditor": ok, "reader": forbid, "operator": ok}},
	} {
		for name, caller := range callers {
			t.Run(string(tc.action)+"/"+name, func(t *testing.T) {
				if got := fault.CodeOf(Authorize(caller, tc.action, tc.owner)); got != tc.want[name] {
					t.Errorf("got %q, want %q", got, tc.want[name])
				}
			})
		}
	}
}

func TestDraftVisibility(t *testing.T) {
	const own, other = "org-a", "org-b"
	for _, tc := range []struct {
		name   string
		caller Caller
		sees   map[string]bool
		vis    standard.Visibility
	}{
		{"anonymous", Caller{}, map[string]bool{own: false, other: false, "": false}, standard.Visibility{}},
		{"editor", Caller{KeyID: "k", Role: RoleEditor, OrganizationID: own}, map[string]bool{own: true, other: false, "": false}, standard.Visibility{DraftsOf: own}},
		{"auditor", Caller{KeyID: "k", Role: RoleAuditor}, map[string]bool{own: true, other: true, "": true}, standard.Visibility{AllDrafts: true}},
		{"admin", Caller{KeyID: "k", Role: RoleAdmin}, map[string]bool{own: true, other: true, "": true}, standard.Visibility{AllDrafts: true}},
		{"reader", Caller{KeyID: "k", Role: RoleReader}, map[string]bool{own: false, other: false, "": false}, standard.Visibility{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for owner, want := range tc.sees {
				if got := tc.caller.SeesDraftsOf(owner); got != want {
					t.Errorf("sees drafts of %q: %v, want %v", owner, got, want)
				}
			}
			if got := tc.caller.Visibility(); got != tc.vis {
				t.Errorf("visibility %+v, want %+v", got, tc.vis)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	secret, prefix, hash := NewSecret()
	if !LooksLikeKey(secret) || prefix != secret[:len(prefix)] || hash != HashSecret(secret) || len(hash) != 64 {
		t.Fatalf("secret %q prefix %q hash %q", secret, prefix, hash)
	}
	other, _, _ := NewSecret()
	if other == secret {
		t.Error("two keys are the same")
	}
	for _, bad := range []string{"", "stdreg_", secret[:len(secret)-1], "Bearer " + secret, "ghp_" + secret[7:]} {
		if LooksLikeKey(bad) {
			t.Errorf("%q looks like a key", bad)
		}
	}
	for _, tc := range []struct {
		key   Key
		field string
	}{
		{Key{Role: "root"}, "role"},
		{Key{Role: RoleEditor}, "organization_id"},
		{Key{Role: RoleAdmin, OrganizationID: "x"}, "organization_id"},
		{Key{Role: RoleAuditor, Name: string(make([]rune, 101))}, "name"},
	} {
		err := tc.key.Prepare()
		var de *fault.Error
		if fault.CodeOf(err) != fault.CodeInvalid || !asError(err, &de) || de.Fields[0].Field != tc.field {
			t.Errorf("%+v: %v, want invalid %s", tc.key, err, tc.field)
		}
	}
	k := Key{Role: RoleAuditor, Name: "  "}
	if err := k.Prepare(); err != nil || k.Name != "auditor key" {
		t.Errorf("default name: %q, %v", k.Name, err)
	}
}
