package httpapi_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/store"
)

func TestRoutesDevicesAccessDashboard(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			ctx := context.Background()

			// Routes: validation and uniqueness.
			for _, bad := range []string{
				`{"name":"","upstream":"http://127.0.0.1:1","enabled":true}`,
				`{"name":"x","upstream":"ftp://nas","enabled":true}`,
				`{"name":"x","upstream":"http://u:p@nas","enabled":true}`,
				`{"name":"x","pathPrefix":"wiki","upstream":"http://nas","enabled":true}`,
				`{"name":"x","pathPrefix":"/_sekisho/x","upstream":"http://nas","enabled":true}`,
				`{"name":"x","host":"nas.lan:8080","upstream":"http://nas","enabled":true}`,
			} {
				expect(t, call, "Routes.Create", bad, "invalid")
			}
			var r app.Route
			must(t, call, "Routes.Create", `{"name":"NAS","host":"NAS.lan","upstream":"http://192.0.2.10:5000/","requireSignIn":true,"enabled":true}`, &r)
			if r.Host != "nas.lan" || r.PathPrefix != "/" || r.Upstream != "http://192.0.2.10:5000" {
				t.Errorf("route normalized to %+v", r)
			}
			expect(t, call, "Routes.Create", `{"name":"Other","host":"nas.lan","upstream":"http://192.0.2.11","enabled":true}`, "conflict")
			must(t, call, "Routes.Update", `{"id":"`+r.ID+`","enabled":false}`, &r)
			var rl app.RouteList
			must(t, call, "Routes.List", `{}`, &rl)
			if len(rl.Items) != 1 || rl.Items[0].Enabled {
				t.Errorf("routes %+v", rl)
			}
			var tr app.RouteTestResult
			must(t, call, "Routes.Test", `{"upstream":"http://127.0.0.1:1"}`, &tr)
			if tr.OK || tr.Error == "" {
				t.Errorf("test of a closed port = %+v", tr)
			}
			must(t, call, "Routes.Test", `{"upstream":"`+f.srv.URL+`"}`, &tr)
			if !tr.OK || tr.Status != 200 {
				t.Errorf("test of a live server = %+v", tr)
			}

			// Devices: a request made through the store, then approve and search.
			var u app.User
			must(t, call, "Users.Create", `{"code":"d1","name":"D"}`, &u)
			dev, err := f.db.CreateDevice(ctx, store.Device{UserID: mustID(t, u.ID), TokenHash: "h-" + name, Name: "営業用iPhone", OS: "iOS"})
			if err != nil {
				t.Fatal(err)
			}
			var dl app.DeviceList
			must(t, call, "Devices.List", `{"status":"pending","os":"iOS","deviceName":"iPhone","requestedFrom":"`+time.Now().AddDate(0, 0, -1).Format("2006-01-02")+`"}`, &dl)
			if dl.Total != 1 || dl.Items[0].UserCode != "d1" || dl.Items[0].Designated {
				t.Fatalf("devices %+v", dl)
			}
			var ch app.Changed
			must(t, call, "Devices.Approve", `{"ids":["`+dl.Items[0].ID+`"]}`, &ch)
			if ch.Changed != 1 {
				t.Errorf("approve changed %d", ch.Changed)
			}
			must(t, call, "Devices.List", `{"status":"approved","processedTo":"`+time.Now().Format("2006-01-02")+`"}`, &dl)
			if dl.Total != 1 || dl.Items[0].ProcessedAt == "" {
				t.Errorf("approved %+v", dl)
			}
			must(t, call, "Devices.List", `{"query":"D1"}`, &dl)
			if dl.Total != 1 {
				t.Errorf("quick search by user code: %d", dl.Total)
			}
			// 未申請: designated users with no request.
			var u2 app.User
			must(t, call, "Users.Create", `{"code":"d2","name":"未申請 次郎"}`, &u2)
			must(t, call, "Users.SetRequireDevice", `{"ids":["`+u2.ID+`","`+u.ID+`"],"enabled":true}`, nil)
			var un app.UserPage
			must(t, call, "Devices.Unrequested", `{"query":"次郎"}`, &un)
			if un.Total != 1 || un.Items[0].Code != "d2" {
				t.Errorf("unrequested %+v", un)
			}
			expect(t, call, "Devices.Approve", `{"ids":["999"]}`, "not_found")
			expect(t, call, "Devices.List", `{"status":"maybe"}`, "invalid")
			expect(t, call, "Devices.List", `{"requestedFrom":"2026-13-01"}`, "invalid")
			_ = dev

			// Access log: entries written by the gateway's writer.
			if err := f.db.InsertAccess(ctx, []store.AccessEntry{
				{At: time.Now(), ClientIP: "192.0.2.9", UserCode: "d1", Route: "NAS", Decision: "deny", Reason: "device_pending"},
				{At: time.Now(), ClientIP: "192.0.2.9", UserCode: "d1", Route: "NAS", Decision: "allow"},
			}); err != nil {
				t.Fatal(err)
			}
			var ap app.AccessPage
			must(t, call, "Access.List", `{"decision":"deny","userId":"`+u.ID+`"}`, &ap)
			if ap.Total != 1 || ap.Items[0].Reason != "device_pending" {
				t.Errorf("access %+v", ap)
			}
			var file app.FileResult
			must(t, call, "Access.ExportCSV", `{}`, &file)
			data, _ := base64.StdEncoding.DecodeString(file.DataBase64)
			if !strings.Contains(string(data), "device_pending") {
				t.Errorf("csv %s", data)
			}
			expect(t, call, "Access.List", `{"decision":"maybe"}`, "invalid")

			// Dashboard.
			var dash app.Dashboard
			must(t, call, "System.Dashboard", `{}`, &dash)
			if !dash.Protection.FailOpen || dash.Protection.ActiveUsers != 2 || dash.Protection.RequireDeviceUsers != 2 || dash.PendingDevices != 0 || len(dash.Denials) != 1 || dash.Denials[0].Count != 1 || len(dash.RecentDenials) != 1 {
				t.Errorf("dashboard %+v", dash)
			}
			var set app.SettingsData
			must(t, call, "Settings.Update", `{"accessLogRetentionDays":30}`, &set)
			if set.AccessLogRetentionDays != 30 {
				t.Errorf("retention %d", set.AccessLogRetentionDays)
			}
			expect(t, call, "Settings.Update", `{"accessLogRetentionDays":0}`, "invalid")
		})
	}
}
