package main

import (
	"bytes"
	"debug/buildinfo"
	"debug/pe"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"
)

// Resource types (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

// Language ids of the version information's string tables.
const (
	langEnglishUS = 0x0409
	langJapanese  = 0x0411
)

// peResource is one leaf of a PE file's resource tree.
type peResource struct {
	typ  uint32 // RT_*, or 0 for a named type
	id   uint32 // the resource's id, or 0 when it has a name
	name string // the resource's name, when it has one
	lang uint32
	data []byte
}

// peResources reads the resource tree (type → name → language) of f.
func peResources(f *pe.File) ([]peResource, error) {
	var dirs []pe.DataDirectory
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		dirs = oh.DataDirectory[:oh.NumberOfRvaAndSizes]
	case *pe.OptionalHeader32:
		dirs = oh.DataDirectory[:oh.NumberOfRvaAndSizes]
	default:
		return nil, errors.New("no optional header")
	}
	if len(dirs) <= pe.IMAGE_DIRECTORY_ENTRY_RESOURCE || dirs[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE].VirtualAddress == 0 {
		return nil, nil
	}
	root := dirs[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE].VirtualAddress
	// rva returns size bytes at the relative virtual address a.
	rva := func(a, size uint32) ([]byte, error) {
		for _, s := range f.Sections {
			if a < s.VirtualAddress || a-s.VirtualAddress >= max(s.VirtualSize, s.Size) {
				continue
			}
			data, err := s.Data()
			if err != nil {
				return nil, err
			}
			off := uint64(a - s.VirtualAddress)
			if off+uint64(size) > uint64(len(data)) {
				return nil, fmt.Errorf("resource data at %#x+%d lies outside section %s", a, size, s.Name)
			}
			return data[off : off+uint64(size)], nil
		}
		return nil, fmt.Errorf("no section holds the address %#x", a)
	}
	u16 := func(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }
	u32 := func(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }
	// Offsets in the tree are relative to its root directory.
	at := func(off, size uint32) ([]byte, error) { return rva(root+off, size) }

	var out []peResource
	var walk func(off uint32, depth int, path []peResource) error
	walk = func(off uint32, depth int, path []peResource) error {
		head, err := at(off, 16)
		if err != nil {
			return err
		}
		n := uint32(u16(head[12:])) + uint32(u16(head[14:]))
		for i := range n {
			e, err := at(off+16+8*i, 8)
			if err != nil {
				return err
			}
			nameField, dataField := u32(e), u32(e[4:])
			var key peResource
			if nameField&0x8000_0000 != 0 {
				l, err := at(nameField&0x7fff_ffff, 2)
				if err != nil {
					return err
				}
				s, err := at(nameField&0x7fff_ffff+2, 2*uint32(u16(l)))
				if err != nil {
					return err
				}
				key.name = decodeUTF16(s)
			} else {
				key.id = nameField
			}
			next := append(slices.Clone(path), key)
			if dataField&0x8000_0000 != 0 {
				if depth == 2 {
					return errors.New("resource tree deeper than type/name/language")
				}
				if err := walk(dataField&0x7fff_ffff, depth+1, next); err != nil {
					return err
				}
				continue
			}
			if depth != 2 {
				return errors.New("resource data above the language level")
			}
			leaf, err := at(dataField, 16)
			if err != nil {
				return err
			}
			data, err := rva(u32(leaf), u32(leaf[4:]))
			if err != nil {
				return err
			}
			out = append(out, peResource{typ: next[0].id, id: next[1].id, name: next[1].name, lang: next[2].id, data: data})
		}
		return nil
	}
	if err := walk(0, 0, nil); err != nil {
		return nil, fmt.Errorf("resources: %w", err)
	}
	return out, nil
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// ofType returns the resources of type typ.
func ofType(rs []peResource, typ uint32) []peResource {
	var out []peResource
	for _, r := range rs {
		if r.typ == typ {
			out = append(out, r)
		}
	}
	return out
}

// versionInfo is what a VS_VERSIONINFO resource says.
type versionInfo struct {
	fileVersion, productVersion string // the fixed part, a.b.c.d
	// tables maps a string table's key (language and code page in hex,
	// e.g. 041104B0) to its strings.
	tables map[string]map[string]string
}

// versionBlock is one node of the VS_VERSIONINFO tree.
type versionBlock struct {
	key      string
	value    []byte
	text     bool // the value is UTF-16 text
	children []versionBlock
}

// parseVersionBlock reads the block at off in b; every block and value
// starts on a 32-bit boundary of b.
func parseVersionBlock(b []byte, off int) (versionBlock, int, error) {
	var blk versionBlock
	if off+6 > len(b) {
		return blk, 0, errors.New("version information cut short")
	}
	length := int(binary.LittleEndian.Uint16(b[off:]))
	valueLen := int(binary.LittleEndian.Uint16(b[off+2:]))
	blk.text = binary.LittleEndian.Uint16(b[off+4:]) == 1
	end := off + length
	if length < 6 || end > len(b) {
		return blk, 0, fmt.Errorf("version information: a block of %d bytes at %d does not fit", length, off)
	}
	p := off + 6
	start := p
	for p+1 < end && (b[p] != 0 || b[p+1] != 0) {
		p += 2
	}
	blk.key = decodeUTF16(b[start:p])
	p = align4(p + 2)
	n := valueLen
	if blk.text {
		n *= 2
	}
	n = min(n, max(end-p, 0))
	if p < end {
		blk.value = b[p : p+n]
	}
	p = align4(p + n)
	for p < end {
		child, next, err := parseVersionBlock(b, p)
		if err != nil {
			return blk, 0, err
		}
		blk.children = append(blk.children, child)
		p = align4(next)
	}
	return blk, end, nil
}

func align4(n int) int { return (n + 3) &^ 3 }

// parseVersionInfo reads a VS_VERSIONINFO resource.
func parseVersionInfo(b []byte) (versionInfo, error) {
	vi := versionInfo{tables: map[string]map[string]string{}}
	root, _, err := parseVersionBlock(b, 0)
	if err != nil {
		return vi, err
	}
	if root.key != "VS_VERSION_INFO" {
		return vi, fmt.Errorf("version information starts with %q, not VS_VERSION_INFO", root.key)
	}
	if len(root.value) < 52 || binary.LittleEndian.Uint32(root.value) != 0xFEEF04BD {
		return vi, errors.New("version information without a VS_FIXEDFILEINFO")
	}
	quad := func(ms, ls uint32) string {
		return fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	}
	le := binary.LittleEndian
	vi.fileVersion = quad(le.Uint32(root.value[8:]), le.Uint32(root.value[12:]))
	vi.productVersion = quad(le.Uint32(root.value[16:]), le.Uint32(root.value[20:]))
	for _, c := range root.children {
		if c.key != "StringFileInfo" {
			continue
		}
		for _, table := range c.children {
			strs := map[string]string{}
			for _, s := range table.children {
				strs[s.key] = strings.TrimRight(decodeUTF16(s.value), "\x00")
			}
			vi.tables[strings.ToUpper(table.key)] = strs
		}
	}
	return vi, nil
}

// manifestFacts is what the checks need from an application manifest.
type manifestFacts struct {
	executionLevel string   // requestedExecutionLevel's level
	dpiAwareness   string   // the dpiAwareness element's text
	dependencies   []string // name/version of each dependentAssembly
	supportedOS    []string // the supportedOS ids
}

// readManifest parses an application manifest.
func readManifest(b []byte) (manifestFacts, error) {
	var m manifestFacts
	d := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, fmt.Errorf("manifest: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attr := func(name string) string {
				for _, a := range t.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch t.Name.Local {
			case "requestedExecutionLevel":
				m.executionLevel = attr("level")
			case "supportedOS":
				m.supportedOS = append(m.supportedOS, strings.ToLower(attr("Id")))
			case "assemblyIdentity":
				if len(stack) > 0 && stack[len(stack)-1] == "dependentAssembly" {
					m.dependencies = append(m.dependencies, attr("name")+"/"+attr("version"))
				}
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "dpiAwareness" {
				m.dpiAwareness += strings.TrimSpace(string(t))
			}
		}
	}
	return m, nil
}

// win10 is the supportedOS id of Windows 10, which Windows 11 shares.
const win10 = "{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"

// checkAppManifest returns what is wrong with sekisho.exe's manifest.
func checkAppManifest(b []byte) []string {
	m, err := readManifest(b)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	if m.executionLevel != "asInvoker" {
		problems = append(problems, fmt.Sprintf("manifest: requestedExecutionLevel %q, want asInvoker", m.executionLevel))
	}
	if first, _, _ := strings.Cut(m.dpiAwareness, ","); !strings.EqualFold(strings.TrimSpace(first), "PerMonitorV2") {
		problems = append(problems, fmt.Sprintf("manifest: dpiAwareness %q, want PerMonitorV2 first", m.dpiAwareness))
	}
	if !slices.Contains(m.dependencies, "Microsoft.Windows.Common-Controls/6.0.0.0") {
		problems = append(problems, fmt.Sprintf("manifest: no dependency on Common Controls 6.0.0.0 (has %q)", m.dependencies))
	}
	if !slices.Contains(m.supportedOS, win10) {
		problems = append(problems, "manifest: Windows 10/11 is not a supportedOS")
	}
	return problems
}

// openPE opens path as a PE file and reads its resources.
func openPE(path string) (*pe.File, []peResource, error) {
	f, err := pe.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s is not a PE file: %w", path, err)
	}
	rs, err := peResources(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, rs, nil
}

// guiSubsystem reports whether f is a Windows GUI program (no console).
func guiSubsystem(f *pe.File) bool {
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		return oh.Subsystem == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI
	case *pe.OptionalHeader32:
		return oh.Subsystem == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI
	}
	return false
}

// checkVersionResources checks that every RT_VERSION resource has the
// version (numeric in the fixed part, as is in the strings) and that the
// string tables in wantLangs exist and name the product.
func checkVersionResources(rs []peResource, shown, numeric string, wantLangs ...uint16) []string {
	var problems []string
	versions := ofType(rs, rtVersion)
	if len(versions) == 0 {
		return []string{"no version information (RT_VERSION)"}
	}
	langs := map[uint16]bool{}
	for _, r := range versions {
		vi, err := parseVersionInfo(r.data)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if vi.fileVersion != numeric || vi.productVersion != numeric {
			problems = append(problems, fmt.Sprintf("RT_VERSION (language %04X): fixed file/product version %s/%s, want %s", r.lang, vi.fileVersion, vi.productVersion, numeric))
		}
		for key, strs := range vi.tables {
			var lang uint16
			if _, err := fmt.Sscanf(key[:min(4, len(key))], "%04X", &lang); err == nil {
				langs[lang] = true
			}
			if got := strs["ProductVersion"]; got != shown {
				problems = append(problems, fmt.Sprintf("RT_VERSION table %s: ProductVersion %q, want %q (the stamped version)", key, got, shown))
			}
			if !strings.Contains(strs["ProductName"], "Sekisho") {
				problems = append(problems, fmt.Sprintf("RT_VERSION table %s: ProductName %q does not name Sekisho", key, strs["ProductName"]))
			}
		}
	}
	for _, l := range wantLangs {
		if !langs[l] {
			problems = append(problems, fmt.Sprintf("RT_VERSION: no string table for language %04X", l))
		}
	}
	return problems
}

// iconSizes returns the sizes (in pixels) of the icon group g.
func iconSizes(g []byte) []int {
	if len(g) < 6 {
		return nil
	}
	n := int(binary.LittleEndian.Uint16(g[4:]))
	var sizes []int
	for i := range n {
		e := 6 + 14*i
		if e+14 > len(g) {
			break
		}
		w := int(g[e])
		if w == 0 {
			w = 256
		}
		sizes = append(sizes, w)
	}
	return sizes
}

// checkWindowsExe checks sekisho.exe: a 64-bit GUI program built from this
// repository with the desktop tags and the version stamped in, with an
// icon, the version information in Japanese and English, and the manifest.
func checkWindowsExe(pkg windowsPackage) error {
	f, rs, err := openPE(pkg.exe)
	if err != nil {
		return err
	}
	defer f.Close()
	var problems []string
	if _, ok := f.OptionalHeader.(*pe.OptionalHeader64); !ok || f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		problems = append(problems, fmt.Sprintf("not a PE32+ amd64 program (machine %#x)", f.Machine))
	}
	if !guiSubsystem(f) {
		problems = append(problems, "not a GUI program (subsystem is not WINDOWS_GUI: -H windowsgui missing)")
	}

	groups := ofType(rs, rtGroupIcon)
	if len(groups) == 0 || len(ofType(rs, rtIcon)) == 0 {
		problems = append(problems, fmt.Sprintf("no icon (%d RT_GROUP_ICON, %d RT_ICON)", len(groups), len(ofType(rs, rtIcon))))
	} else {
		sizes := iconSizes(groups[0].data)
		for _, want := range []int{16, 32, 48, 256} {
			if !slices.Contains(sizes, want) {
				problems = append(problems, fmt.Sprintf("the icon has no %dx%d image (has %v)", want, want, sizes))
			}
		}
		if _, err := icoFile(rs, groups[0]); err != nil {
			problems = append(problems, err.Error())
		}
	}

	problems = append(problems, checkVersionResources(rs, pkg.shownVersion(), pkg.numeric, langEnglishUS, langJapanese)...)

	manifests := ofType(rs, rtManifest)
	if len(manifests) != 1 || manifests[0].id != 1 {
		problems = append(problems, fmt.Sprintf("want one RT_MANIFEST with id 1, found %d", len(manifests)))
	} else {
		problems = append(problems, checkAppManifest(manifests[0].data)...)
	}

	problems = append(problems, checkBuildInfo(pkg)...)
	if len(problems) > 0 {
		return fmt.Errorf("%s:\n  %s", pkg.exe, strings.Join(problems, "\n  "))
	}
	return nil
}

// checkBuildInfo checks how the exe was built, from the settings the Go
// linker records in it: the target, no cgo, the desktop tags, no console
// window, and the stamped version, the one the resources say.
func checkBuildInfo(pkg windowsPackage) []string {
	info, err := buildinfo.ReadFile(pkg.exe)
	if err != nil {
		return []string{"build information: " + err.Error()}
	}
	got := map[string]string{}
	for _, s := range info.Settings {
		got[s.Key] = s.Value
	}
	var problems []string
	for k, want := range map[string]string{"GOOS": "windows", "GOARCH": "amd64", "CGO_ENABLED": "0", "-tags": "desktop,production"} {
		if got[k] != want {
			problems = append(problems, fmt.Sprintf("built with %s=%q, want %q", k, got[k], want))
		}
	}
	ld := strings.Fields(got["-ldflags"])
	if !slices.Contains(ld, "windowsgui") {
		problems = append(problems, fmt.Sprintf("-ldflags %q lacks -H windowsgui", got["-ldflags"]))
	}
	stamp := ""
	for i, f := range ld {
		if f == "-X" && i+1 < len(ld) && strings.HasPrefix(ld[i+1], "main.version=") {
			stamp = strings.TrimPrefix(ld[i+1], "main.version=")
		}
	}
	if stamp != pkg.version {
		problems = append(problems, fmt.Sprintf("stamped version %q (-X main.version), want %q", stamp, pkg.version))
	}
	return problems
}

// checkInstaller checks the installer: a Windows GUI program that asks for
// administrator rights, carries the version, and is big enough to hold
// the compressed exe without being bloated.
func checkInstaller(pkg windowsPackage) error {
	exeInfo, err := os.Stat(pkg.exe)
	if err != nil {
		return err
	}
	info, err := os.Stat(pkg.installer)
	if err != nil {
		return fmt.Errorf("no installer: %w", err)
	}
	f, rs, err := openPE(pkg.installer)
	if err != nil {
		return err
	}
	defer f.Close()
	var problems []string
	if !guiSubsystem(f) {
		problems = append(problems, "not a GUI program")
	}
	// LZMA leaves a Go binary at about half its size; the installer's own
	// code is a few hundred KB.
	if lo, hi := exeInfo.Size()/5, exeInfo.Size()+8<<20; info.Size() < lo || info.Size() > hi {
		problems = append(problems, fmt.Sprintf("%d bytes: outside %d…%d for a %d-byte sekisho.exe", info.Size(), lo, hi, exeInfo.Size()))
	}
	manifests := ofType(rs, rtManifest)
	if len(manifests) == 0 {
		problems = append(problems, "no manifest")
	} else if m, err := readManifest(manifests[0].data); err != nil {
		problems = append(problems, err.Error())
	} else if m.executionLevel != "requireAdministrator" {
		problems = append(problems, fmt.Sprintf("manifest: requestedExecutionLevel %q, want requireAdministrator", m.executionLevel))
	}
	if len(ofType(rs, rtGroupIcon)) == 0 {
		problems = append(problems, "no icon")
	}
	problems = append(problems, checkVersionResources(rs, pkg.shownVersion(), pkg.numeric, langEnglishUS, langJapanese)...)
	if len(problems) > 0 {
		return fmt.Errorf("%s:\n  %s", pkg.installer, strings.Join(problems, "\n  "))
	}
	return nil
}

// checkWindowsPackage checks what packageWindows built and says what was
// checked.
func checkWindowsPackage(log *logger, pkg windowsPackage) error {
	if err := checkWindowsExe(pkg); err != nil {
		return err
	}
	log.info("%s: PE32+ GUI (amd64, no cgo, desktop tags); icon, version %s (%s) in Japanese and English, manifest asInvoker/PerMonitorV2", filepath.Base(pkg.exe), pkg.shownVersion(), pkg.numeric)
	if err := checkInstaller(pkg); err != nil {
		return err
	}
	log.info("%s: GUI, requireAdministrator, version %s", filepath.Base(pkg.installer), pkg.shownVersion())
	return nil
}

// icoFile rebuilds an .ico file from the icon group g and its RT_ICON
// images: the same header, with file offsets in place of resource ids.
func icoFile(rs []peResource, g peResource) ([]byte, error) {
	d := g.data
	if len(d) < 6 {
		return nil, errors.New("RT_GROUP_ICON too short")
	}
	n := int(binary.LittleEndian.Uint16(d[4:]))
	if len(d) < 6+14*n || n == 0 {
		return nil, fmt.Errorf("RT_GROUP_ICON with %d entries in %d bytes", n, len(d))
	}
	icons := map[uint32][]byte{}
	for _, r := range ofType(rs, rtIcon) {
		icons[r.id] = r.data
	}
	var head, body bytes.Buffer
	head.Write(d[:6])
	offset := 6 + 16*n
	for i := range n {
		e := d[6+14*i : 6+14*(i+1)]
		img, ok := icons[uint32(binary.LittleEndian.Uint16(e[12:]))]
		if !ok {
			return nil, fmt.Errorf("RT_GROUP_ICON names icon %d, which is missing", binary.LittleEndian.Uint16(e[12:]))
		}
		head.Write(e[:8])
		binary.Write(&head, binary.LittleEndian, uint32(len(img)))
		binary.Write(&head, binary.LittleEndian, uint32(offset))
		body.Write(img)
		offset += len(img)
	}
	return append(head.Bytes(), body.Bytes()...), nil
}

// writeExeIcon writes the first icon of the exe as an .ico file.
func writeExeIcon(exe, out string) error {
	f, rs, err := openPE(exe)
	if err != nil {
		return err
	}
	defer f.Close()
	groups := ofType(rs, rtGroupIcon)
	if len(groups) == 0 {
		return fmt.Errorf("%s has no icon", exe)
	}
	ico, err := icoFile(rs, groups[0])
	if err != nil {
		return err
	}
	return os.WriteFile(out, ico, 0o644)
}
