package httpapi_test

import (
	"net/netip"
	"strings"
	"testing"

	"sekisho/app"
)

func TestIPRulesBothTransports(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			self := []netip.Addr{netip.MustParseAddr("192.168.1.20")}
			clients := []netip.Addr{netip.MustParseAddr("::ffff:192.168.1.30")}
			f.env.Self = func() []netip.Addr { return self }
			f.env.Clients = func() []netip.Addr { return clients }
			call := transports(f)[name]

			var list app.IPRuleList
			must(t, call, "IPRules.List", `{}`, &list)
			if list.Enforcing || len(list.Items) != 0 || list.SelfAddresses[0] != "192.168.1.20" || list.ClientAddresses[0] != "192.168.1.30" {
				t.Fatalf("empty list = %+v", list)
			}
			// Bad addresses get specific errors and change nothing.
			for _, bad := range []string{"192.0.2.0/33", "999.1.1.1", "192.0.2.1/24", ""} {
				expect(t, call, "IPRules.Create", `{"name":"x","address":"`+bad+`","enabled":true}`, "invalid")
			}
			expect(t, call, "IPRules.Create", `{"name":"`+strings.Repeat("x", 51)+`","address":"192.0.2.0/24","enabled":true}`, "invalid")

			// The first enabled rule that leaves this machine and a client out: confirm.
			var pv app.IPRulePreview
			must(t, call, "IPRules.Preview", `{"address":"192.0.2.0/24","enabled":true}`, &pv)
			if len(pv.CutOff) != 2 || pv.CutOff[0].Kind != "self" || pv.CutOff[1].Address != "192.168.1.30" || !pv.EnforcingAfter {
				t.Fatalf("preview = %+v", pv)
			}
			expect(t, call, "IPRules.Create", `{"name":"Branch","address":"192.0.2.0/24","enabled":true}`, "confirm")
			must(t, call, "IPRules.List", `{}`, &list)
			if len(list.Items) != 0 {
				t.Fatal("a refused change was stored")
			}
			// A disabled rule cuts nobody off.
			var r app.IPRule
			must(t, call, "IPRules.Create", `{"name":"Branch","description":"支店","address":"192.0.2.0/24","enabled":false}`, &r)
			// A rule covering the office LAN: no confirmation needed.
			var office app.IPRule
			must(t, call, "IPRules.Create", `{"name":"本社LAN","address":"192.168.1.0/24","enabled":true}`, &office)
			if !f.env.IPAllowed(netip.MustParseAddr("::ffff:192.168.1.99")) || f.env.IPAllowed(netip.MustParseAddr("192.0.2.5")) {
				t.Error("compiled rules not in force after the change")
			}
			must(t, call, "IPRules.Update", `{"id":"`+r.ID+`","enabled":true}`, &r)
			if !f.env.IPAllowed(netip.MustParseAddr("192.0.2.5")) {
				t.Error("enabled rule not in force")
			}
			// Narrowing the office rule to one host cuts the client off.
			expect(t, call, "IPRules.Update", `{"id":"`+office.ID+`","address":"192.168.1.20"}`, "confirm")
			must(t, call, "IPRules.Update", `{"id":"`+office.ID+`","address":"192.168.1.20","confirm":true}`, &office)
			if office.Address != "192.168.1.20" {
				t.Errorf("address %q", office.Address)
			}
			// Deleting the rule that lets this machine in: confirm.
			expect(t, call, "IPRules.Delete", `{"id":"`+office.ID+`"}`, "confirm")
			must(t, call, "IPRules.Delete", `{"id":"`+office.ID+`","confirm":true}`, nil)
			expect(t, call, "IPRules.Delete", `{"id":"`+office.ID+`","confirm":true}`, "not_found")
			must(t, call, "IPRules.List", `{}`, &list)
			if !list.Enforcing || len(list.Items) != 1 || list.Items[0].Description != "支店" {
				t.Errorf("list = %+v", list)
			}
			expect(t, call, "IPRules.Update", `{"id":"999","enabled":false}`, "not_found")
		})
	}
}

// TestLockoutGuardCountsLoopback: with the portal and gateway on
// 127.0.0.1, loopback is how this machine reaches them, so a rule that
// leaves it out asks for confirmation (issue 12: the guard ignored it).
func TestLockoutGuardCountsLoopback(t *testing.T) {
	f := newFixture(t)
	f.env.Clients = func() []netip.Addr { return nil }
	call := transports(f)["http"]
	cut := func(address string) map[string]string {
		t.Helper()
		var pv app.IPRulePreview
		must(t, call, "IPRules.Preview", `{"address":"`+address+`","enabled":true}`, &pv)
		out := map[string]string{}
		for _, c := range pv.CutOff {
			out[c.Address] = c.Kind
		}
		return out
	}
	if got := cut("192.0.2.0/24"); got["127.0.0.1"] != "self" {
		t.Errorf("cut off by 192.0.2.0/24: %v, want 127.0.0.1 (self) among them", got)
	}
	if got := cut("127.0.0.1"); got["127.0.0.1"] != "" {
		t.Errorf("a rule for 127.0.0.1 cuts it off: %v", got)
	}
	var list app.IPRuleList
	must(t, call, "IPRules.List", `{}`, &list)
	if !strings.Contains(strings.Join(list.SelfAddresses, " "), "127.0.0.1") {
		t.Errorf("self addresses %v, want 127.0.0.1 among them", list.SelfAddresses)
	}
	expect(t, call, "IPRules.Create", `{"name":"Branch","address":"192.0.2.0/24","enabled":true}`, "confirm")
}
