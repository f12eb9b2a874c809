package main

import (
	"bytes"
	"context"
	"debug/pe"
	"encoding/binary"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// The Windows package itself is built and checked by `task test`'s
// package-windows step (stepPackageWindows); these tests cover its parts.

func TestWindowsVersion(t *testing.T) {
	tests := []struct{ in, want string }{
		{"v1.2.3", "1.2.3.0"},
		{"v1.2.3-4-gabc1234", "1.2.3.4"},
		{"v1.2.3-4-gabc1234-dirty", "1.2.3.4"},
		{"v1.2", "1.2.0.0"},
		{"v2", "2.0.0.0"},
		{"1.5.0", "1.5.0.0"},
		{"v2.0.0-rc.1-7-gdeadbee", "2.0.0.7"},
		{"v1.0.0+build.5", "1.0.0.0"},
		{"v70000.1.2-99999-g0123456", "65535.1.2.65535"},
		{"ac238cf-dirty", "0.0.0.0"},
		{"1234567", "0.0.0.0"}, // a commit of digits only, not a tag
		{"1234567-dirty", "0.0.0.0"},
		{"release-5", "0.0.0.0"},
		{"", "0.0.0.0"},
	}
	for _, tc := range tests {
		if got := windowsVersion(tc.in); got != tc.want {
			t.Errorf("windowsVersion(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// windowsDir is build/windows, seen from this package's folder.
var windowsDir = filepath.Join("..", "..", "build", "windows")

func TestWinresJSON(t *testing.T) {
	kept, err := os.ReadFile(filepath.Join(windowsDir, "winres.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := winresJSON(kept, "v1.2.3-4-gabc1234-dirty", "1.2.3.4")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	type table map[string]string
	var vi struct {
		Fixed map[string]string
		Info  map[string]table
	}
	if err := json.Unmarshal(doc["RT_VERSION"]["#1"]["0000"], &vi); err != nil {
		t.Fatal(err)
	}
	if vi.Fixed["file_version"] != "1.2.3.4" || vi.Fixed["product_version"] != "1.2.3.4" {
		t.Errorf("fixed = %v, want 1.2.3.4 twice", vi.Fixed)
	}
	for _, lang := range []string{"0409", "0411"} {
		tb, ok := vi.Info[lang]
		if !ok {
			t.Errorf("no version strings for language %s", lang)
			continue
		}
		if tb["ProductVersion"] != "v1.2.3-4-gabc1234-dirty" || tb["FileVersion"] != "1.2.3.4" {
			t.Errorf("%s: ProductVersion %q, FileVersion %q", lang, tb["ProductVersion"], tb["FileVersion"])
		}
		for _, k := range []string{"ProductName", "FileDescription", "CompanyName", "OriginalFilename"} {
			if tb[k] == "" {
				t.Errorf("%s: %s is empty", lang, k)
			}
		}
	}
	// go-winres reads these relative to the JSON file.
	for _, typ := range []string{"RT_GROUP_ICON", "RT_MANIFEST"} {
		for name, langs := range doc[typ] {
			for lang, raw := range langs {
				var file string
				if err := json.Unmarshal(raw, &file); err != nil {
					t.Errorf("%s %s %s: want a file name: %v", typ, name, lang, err)
					continue
				}
				if _, err := os.Stat(filepath.Join(windowsDir, file)); err != nil {
					t.Errorf("%s %s %s: %v", typ, name, lang, err)
				}
			}
		}
	}
	if _, err := winresJSON([]byte(`{"RT_MANIFEST": {}}`), "v1", "1.0.0.0"); err == nil {
		t.Error("winresJSON without RT_VERSION: no error")
	}
}

func TestAppManifest(t *testing.T) {
	kept, err := os.ReadFile(filepath.Join(windowsDir, "sekisho.exe.manifest"))
	if err != nil {
		t.Fatal(err)
	}
	if problems := checkAppManifest(kept); len(problems) > 0 {
		t.Errorf("build/windows/sekisho.exe.manifest: %q", problems)
	}
	tests := []struct{ name, old, new, want string }{
		{"fail/administrator", `level="asInvoker"`, `level="requireAdministrator"`, "asInvoker"},
		{"fail/system dpi", `PerMonitorV2, PerMonitor`, `system`, "PerMonitorV2"},
		{"fail/old controls", `version="6.0.0.0"`, `version="5.8.0.0"`, "Common Controls"},
		{"fail/no supportedOS", `8e0f7a12`, `1f676c76`, "supportedOS"},
		{"fail/not XML", `</assembly>`, `</assembl`, "manifest:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed := strings.Replace(string(kept), tc.old, tc.new, 1)
			if changed == string(kept) {
				t.Fatalf("%q is not in the manifest", tc.old)
			}
			problems := checkAppManifest([]byte(changed))
			if !strings.Contains(strings.Join(problems, "\n"), tc.want) {
				t.Errorf("problems %q, want one about %s", problems, tc.want)
			}
		})
	}
}

// versionBlock builds a VS_VERSIONINFO node as Windows lays it out.
func versionBlockBytes(key string, value []byte, text bool, children ...[]byte) []byte {
	var b bytes.Buffer
	b.Write(make([]byte, 6))
	for _, u := range utf16.Encode([]rune(key + "\x00")) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	pad := func() {
		for b.Len()%4 != 0 {
			b.WriteByte(0)
		}
	}
	pad()
	b.Write(value)
	for _, c := range children {
		pad()
		b.Write(c)
	}
	out := b.Bytes()
	binary.LittleEndian.PutUint16(out, uint16(len(out)))
	n := len(value)
	if text {
		n /= 2
		binary.LittleEndian.PutUint16(out[4:], 1)
	}
	binary.LittleEndian.PutUint16(out[2:], uint16(n))
	return out
}

func utf16z(s string) []byte {
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(s + "\x00")) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	return b.Bytes()
}

func testVersionInfo(fixed [4]uint16, strs map[string]map[string]string) []byte {
	var ff bytes.Buffer
	for _, v := range []uint32{0xFEEF04BD, 0x10000,
		uint32(fixed[0])<<16 | uint32(fixed[1]), uint32(fixed[2])<<16 | uint32(fixed[3]),
		uint32(fixed[0])<<16 | uint32(fixed[1]), uint32(fixed[2])<<16 | uint32(fixed[3]),
		0x3f, 0, 4, 1, 0, 0, 0} {
		binary.Write(&ff, binary.LittleEndian, v)
	}
	var tables [][]byte
	for _, key := range slices.Sorted(maps.Keys(strs)) {
		var ss [][]byte
		for k, v := range strs[key] {
			ss = append(ss, versionBlockBytes(k, utf16z(v), true))
		}
		tables = append(tables, versionBlockBytes(key, nil, true, ss...))
	}
	translation := versionBlockBytes("VarFileInfo", nil, true, versionBlockBytes("Translation", []byte{0x11, 0x04, 0xb0, 0x04}, false))
	return versionBlockBytes("VS_VERSION_INFO", ff.Bytes(), false, versionBlockBytes("StringFileInfo", nil, true, tables...), translation)
}

func TestParseVersionInfo(t *testing.T) {
	blob := testVersionInfo([4]uint16{1, 2, 3, 4}, map[string]map[string]string{
		"040904B0": {"ProductName": "関所 Sekisho", "ProductVersion": "v1.2.3-4-gabc1234"},
		"041104B0": {"ProductName": "関所 Sekisho", "ProductVersion": "v1.2.3-4-gabc1234", "FileDescription": "関所"},
	})
	vi, err := parseVersionInfo(blob)
	if err != nil {
		t.Fatal(err)
	}
	if vi.fileVersion != "1.2.3.4" || vi.productVersion != "1.2.3.4" {
		t.Errorf("fixed versions %s/%s, want 1.2.3.4", vi.fileVersion, vi.productVersion)
	}
	if got := vi.tables["041104B0"]["FileDescription"]; got != "関所" {
		t.Errorf("041104B0 FileDescription = %q, want 関所", got)
	}
	rs := []peResource{{typ: rtVersion, id: 1, lang: langJapanese, data: blob}}
	if p := checkVersionResources(rs, "v1.2.3-4-gabc1234", "1.2.3.4", langEnglishUS, langJapanese); len(p) > 0 {
		t.Errorf("checkVersionResources: %q", p)
	}
	p := checkVersionResources(rs, "v1.2.4", "1.2.4.0", langEnglishUS, langJapanese)
	if len(p) != 3 { // the fixed versions, and ProductVersion in each table
		t.Errorf("checkVersionResources with another version: %q, want 3 problems", p)
	}
	if p := checkVersionResources(rs, "v1.2.3-4-gabc1234", "1.2.3.4", 0x0407); len(p) != 1 || !strings.Contains(p[0], "0407") {
		t.Errorf("checkVersionResources wanting German: %q", p)
	}
	if _, err := parseVersionInfo(blob[:40]); err == nil {
		t.Error("parseVersionInfo of a cut blob: no error")
	}
}

func TestIcoFile(t *testing.T) {
	group := []byte{0, 0, 1, 0, 2, 0}
	entry := func(size byte, id uint16, n uint32) {
		group = append(group, size, size, 0, 0, 1, 0, 32, 0)
		group = binary.LittleEndian.AppendUint32(group, n)
		group = binary.LittleEndian.AppendUint16(group, id)
	}
	entry(16, 7, 3)
	entry(0, 9, 2) // 256×256
	rs := []peResource{
		{typ: rtGroupIcon, name: "APP", data: group},
		{typ: rtIcon, id: 9, data: []byte("bb")},
		{typ: rtIcon, id: 7, data: []byte("aaa")},
	}
	ico, err := icoFile(rs, rs[0])
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0, 0, 1, 0, 2, 0,
		16, 16, 0, 0, 1, 0, 32, 0, 3, 0, 0, 0, 38, 0, 0, 0,
		0, 0, 0, 0, 1, 0, 32, 0, 2, 0, 0, 0, 41, 0, 0, 0,
		'a', 'a', 'a', 'b', 'b'}
	if !bytes.Equal(ico, want) {
		t.Errorf("icoFile = %v, want %v", ico, want)
	}
	if got := iconSizes(group); !slices.Equal(got, []int{16, 256}) {
		t.Errorf("iconSizes = %v, want [16 256]", got)
	}
	if _, err := icoFile(rs[:2], rs[0]); err == nil {
		t.Error("icoFile with an icon missing: no error")
	}
}

func TestInstallerScript(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(windowsDir, "installer", "sekisho.nsi"))
	if err != nil {
		t.Fatal(err)
	}
	script := string(b)

	// Every text in both languages, and every text used defined.
	defined := map[string][]string{}
	for _, m := range regexp.MustCompile(`(?m)^LangString\s+(\w+)\s+\$\{LANG_(\w+)\}`).FindAllStringSubmatch(script, -1) {
		defined[m[2]] = append(defined[m[2]], m[1])
	}
	en, ja := defined["ENGLISH"], defined["JAPANESE"]
	slices.Sort(en)
	slices.Sort(ja)
	if len(en) == 0 || !slices.Equal(en, ja) || len(defined) != 2 {
		t.Errorf("LangStrings: English %q, Japanese %q (all: %v): want the same texts in both and no other language", en, ja, defined)
	}
	for _, m := range regexp.MustCompile(`\$\((\w+)\)`).FindAllStringSubmatch(script, -1) {
		if !slices.Contains(en, m[1]) {
			t.Errorf("$(%s) is used but not defined", m[1])
		}
	}
	for _, lang := range []string{`MUI_LANGUAGE "English"`, `MUI_LANGUAGE "Japanese"`, "MUI_LANGDLL_DISPLAY", "MUI_UNGETLANGUAGE"} {
		if !strings.Contains(script, lang) {
			t.Errorf("no %s", lang)
		}
	}

	// Each firewall rule added is removed, and the ports are the portal's,
	// the gateway's and the download listener's defaults.
	added := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s*!insertmacro FIREWALL_RULE "(\$\{\w+\})" (\d+)$`).FindAllStringSubmatch(script, -1) {
		added[m[1]] = m[2]
	}
	var ports []string
	for name, port := range added {
		ports = append(ports, port)
		if !regexp.MustCompile(`(?m)^\s*!insertmacro FIREWALL_DELETE "` + regexp.QuoteMeta(name) + `"$`).MatchString(script) {
			t.Errorf("firewall rule %s is added but the uninstaller does not delete it", name)
		}
	}
	slices.Sort(ports)
	if !slices.Equal(ports, []string{"7080", "7443", "8443"}) {
		t.Errorf("firewall ports %v, want 7080, 7443, 8443", ports)
	}

	for _, want := range []string{
		"RequestExecutionLevel admin",
		`InstallDir "$PROGRAMFILES64\Sekisho"`,
		"profile=private",
		"service status", `StrCpy $0 "install"`, `StrCpy $0 "start"`, `StrCpy $0 "stop"`, "service uninstall",
		`CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk"`, `!insertmacro WINDOW_AS_ADMIN "$SMPROGRAMS\${PRODUCT}.lnk"`, `Delete "$SMPROGRAMS\${PRODUCT}.lnk"`,
		"WriteUninstaller", `DeleteRegKey HKLM "${UNINSTKEY}"`,
		"${NSD_CreateCheckbox}", "${If} $DeleteData == ${BST_CHECKED}",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("the script has no %s", want)
		}
	}
}

// TestCheckWindowsExeRejects: a Windows program without the package's
// resources and build settings fails the check, with every reason.
func TestCheckWindowsExeRejects(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Windows program")
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod":  "module hello\n\ngo 1.26\n",
		"main.go": "package main\n\nfunc main() {}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(dir, "hello.exe")
	env := &environment{root: dir}
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	err := command{name: "go", args: []string{"build", "-o", exe, "."}, env: []string{"GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0"},
		quiet: true, stdout: &out, stderr: &out}.run(ctx, newLogger(&out), env)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	f, rs, err := openPE(exe)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 || len(rs) != 0 {
		t.Errorf("hello.exe: machine %#x, %d resources; want amd64 and none", f.Machine, len(rs))
	}
	err = checkWindowsExe(windowsPackage{exe: exe, version: "v1.0.0", numeric: "1.0.0.0"})
	if err == nil {
		t.Fatal("checkWindowsExe(hello.exe): no error")
	}
	for _, want := range []string{"not a GUI program", "no icon", "no version information", "RT_MANIFEST", "-tags", `stamped version ""`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("checkWindowsExe(hello.exe) = %v\nwant it to say %q", err, want)
		}
	}
	if err := checkWindowsExe(windowsPackage{exe: filepath.Join(dir, "main.go")}); err == nil || !strings.Contains(err.Error(), "not a PE file") {
		t.Errorf("checkWindowsExe(main.go) = %v, want not a PE file", err)
	}
}

// TestAppIdentifiers: the window's single-instance id (desktop.go), the
// macOS bundle identifier and the mutex the installer looks for to see
// whether the window is open are one id.
func TestAppIdentifiers(t *testing.T) {
	read := func(path ...string) string {
		b, err := os.ReadFile(filepath.Join(append([]string{"..", ".."}, path...)...))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	m := regexp.MustCompile(`UniqueId:\s*"([^"]+)"`).FindStringSubmatch(read("desktop.go"))
	if m == nil {
		t.Fatal("desktop.go sets no SingleInstanceLock UniqueId")
	}
	id := m[1]
	for _, plist := range []string{"Info.plist", "Info.dev.plist"} {
		b := regexp.MustCompile(`<key>CFBundleIdentifier</key>\s*<string>([^<]+)</string>`).FindStringSubmatch(read("build", "darwin", plist))
		if b == nil || b[1] != id {
			t.Errorf("build/darwin/%s: CFBundleIdentifier %q, want %q (desktop.go's UniqueId)", plist, b, id)
		}
	}
	// Wails v2 names the mutex "wails-app-" + UniqueId + "sim"
	// (internal/frontend/desktop/windows/single_instance.go).
	if want := `!define WINDOW_MUTEX "wails-app-` + id + `sim"`; !strings.Contains(read("build", "windows", "installer", "sekisho.nsi"), want) {
		t.Errorf("sekisho.nsi does not %s", want)
	}
}
