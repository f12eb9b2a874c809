package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"sekisho/backend/model"
)

// backendConsts returns the values of the string constants of type typ
// declared in the non-test files of dir, or, with typ "", of the untyped
// string constants whose name starts with prefix.
func backendConsts(t *testing.T, dir, typ, prefix string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				id, _ := vs.Type.(*ast.Ident)
				switch {
				case typ != "" && (id == nil || id.Name != typ):
					continue
				case typ == "" && (vs.Type != nil || !strings.HasPrefix(vs.Names[0].Name, prefix)):
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: %s constant is not a string literal", dir, typ)
					}
					s, _ := strconv.Unquote(lit.Value)
					out = append(out, s)
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s%s constants in %s", typ, prefix, dir)
	}
	sort.Strings(out)
	return out
}

func enumValues[T ~string](list []Enum[T]) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = string(e.Value)
	}
	sort.Strings(out)
	return out
}

// TestEnumsHoldEveryBackendValue: each enum bound for the frontend lists
// exactly the values the backend declares for it, so that a value added in
// Go reaches models.ts (and the UI's lists) with the next
// `wails generate module`.
func TestEnumsHoldEveryBackendValue(t *testing.T) {
	for _, c := range []struct {
		name string
		got  []string
		want []string
	}{
		{"ErrorCodes", enumValues(ErrorCodes), backendConsts(t, "../backend/model", "Code", "")},
		{"UserStates", enumValues(UserStates), backendConsts(t, "../backend/model", "UserState", "")},
		{"UserCertStates", enumValues(UserCertStates), backendConsts(t, "../backend/model", "UserCertState", "")},
		{"CertKinds", enumValues(CertKinds), backendConsts(t, "../backend/model", "CertKind", "")},
		{"CertStates", enumValues(CertStates), backendConsts(t, "../backend/model", "CertState", "")},
		{"DeviceStatuses", enumValues(DeviceStatuses), backendConsts(t, ".", "DeviceStatus", "")},
		{"AccessDecisions", enumValues(AccessDecisions), backendConsts(t, ".", "AccessDecision", "")},
		{"AccessReasons", enumValues(AccessReasons), sorted(append(backendConsts(t, "../backend/policy", "Reason", ""),
			backendConsts(t, "../backend/gateway", "", "Reason")...))},
		{"LinkStates", enumValues(LinkStates), backendConsts(t, "../backend/store", "LinkState", "")},
		{"Languages", enumValues(Languages), backendConsts(t, "../backend/i18n", "Lang", "")},
		{"KeyAlgorithms", enumValues(KeyAlgorithms), backendConsts(t, "../backend/ca", "KeyAlgo", "")},
		{"Pkcs12Compats", enumValues(Pkcs12Compats), backendConsts(t, "../backend/ca", "Compat", "")},
		{"SmtpSecurities", enumValues(SmtpSecurities), backendConsts(t, "../backend/mailer", "Security", "")},
		{"CsvEncodings", enumValues(CsvEncodings), backendConsts(t, "../backend/usercsv", "Encoding", "")},
		{"ConsoleModes", enumValues(ConsoleModes), backendConsts(t, ".", "ConsoleMode", "")},
		{"CertFormats", enumValues(CertFormats), backendConsts(t, ".", "CertFormat", "")},
		{"CARenewModes", enumValues(CARenewModes), backendConsts(t, "../backend/engine", "", "CARenew")},
		{"MessageKinds", enumValues(MessageKinds), backendConsts(t, ".", "MessageKind", "")},
		{"Modes", enumValues(Modes), backendConsts(t, ".", "Mode", "")},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	var sizes []int
	for _, e := range PageSizes {
		sizes = append(sizes, int(e.Value))
	}
	if !slices.Equal(sizes, model.PageSizes) {
		t.Errorf("PageSizes = %v, want %v", sizes, model.PageSizes)
	}
}

func sorted(s []string) []string {
	sort.Strings(s)
	return s
}

// TestEnumNames: every member has a distinct TypeScript name, and every
// list passed to EnumBind has a named element type of this package (Wails
// names the enum after it).
func TestEnumNames(t *testing.T) {
	for _, list := range Enums() {
		seen := map[string]bool{}
		v := reflectValues(list)
		if len(v) == 0 {
			t.Errorf("%T is empty", list)
		}
		for _, name := range v {
			if name == "" || seen[name] || !token.IsIdentifier(name) {
				t.Errorf("%T: member name %q is empty, repeated or not an identifier", list, name)
			}
			seen[name] = true
		}
	}
	if got := tsName("not_found"); got != "NotFound" {
		t.Errorf(`tsName("not_found") = %q`, got)
	}
	if got := tsName("ecdsa-p256"); got != "EcdsaP256" {
		t.Errorf(`tsName("ecdsa-p256") = %q`, got)
	}
}

// reflectValues returns the TSName of each member of an enum list.
func reflectValues(list any) []string {
	v := reflect.ValueOf(list)
	out := make([]string, v.Len())
	for i := range out {
		out[i] = v.Index(i).FieldByName("TSName").String()
	}
	return out
}
