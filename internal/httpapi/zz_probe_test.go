package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestProbeIDForms(t *testing.T) {
	each(t, func(t *testing.T, c *client) {
		k, _ := createKey(t, c, map[string]any{"role": "auditor"})
		for _, id := range []string{k.ID, strings.ToUpper(k.ID), "urn:uuid:" + k.ID, "{" + k.ID + "}", strings.ReplaceAll(k.ID, "-", "")} {
			_, r := c.send(http.MethodGet, "/api/v1/keys/"+id, nil)
			_, a := c.send(http.MethodGet, "/api/v1/audit-events?actor="+id, nil)
			_, o := c.send(http.MethodGet, "/api/v1/organizations/"+id, nil)
			_, s := c.send(http.MethodGet, "/api/v1/standards/"+id, nil)
			t.Logf("%s: key %d, audit actor %d %.80s, org %d, std %d", id, r.Code, a.Code, a.Body, o.Code, s.Code)
		}
	})
}
