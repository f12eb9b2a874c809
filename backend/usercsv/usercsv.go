// Package usercsv reads and writes the users CSV file: UTF-8 with or without
// a BOM, or Shift_JIS as Excel in Japan writes it. Reading reports every bad
// line with its number; it never stops at the first one.
package usercsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"sekisho/backend/csvcell"
	"sekisho/backend/model"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// Limits keep an accidental huge file from tying up the app.
const (
	MaxBytes = 16 << 20
	MaxRows  = 50000
)

// Column is a known column.
type Column string

// The columns, in export order.
const (
	ColCode  Column = "code"
	ColName  Column = "name"
	ColEmail Column = "email"
	ColPhone Column = "phone"
	ColGroup Column = "group"
	ColState Column = "state"
)

// Columns lists every column in file order.
var Columns = []Column{ColCode, ColName, ColEmail, ColPhone, ColGroup, ColState}

// headerJA are the Japanese headers written on export (and read on import).
var headerJA = map[Column]string{
	ColCode: "ユーザーコード", ColName: "氏名", ColEmail: "メールアドレス",
	ColPhone: "電話番号", ColGroup: "グループ", ColState: "状態",
}

// aliases maps a normalized header to its column: Japanese and English, with
// the synonyms people use in their own spreadsheets.
var aliases = map[string]Column{
	"ユーザーコード": ColCode, "コード": ColCode, "ログインid": ColCode, "社員番号": ColCode,
	"code": ColCode, "usercode": ColCode, "user code": ColCode, "loginid": ColCode, "login id": ColCode,
	"氏名": ColName, "名前": ColName, "ユーザー名": ColName, "name": ColName, "user name": ColName,
	"メールアドレス": ColEmail, "メール": ColEmail, "email": ColEmail, "e-mail": ColEmail, "mail": ColEmail,
	"電話番号": ColPhone, "電話": ColPhone, "携帯": ColPhone, "phone": ColPhone, "tel": ColPhone,
	"グループ": ColGroup, "部署": ColGroup, "所属": ColGroup, "group": ColGroup, "department": ColGroup,
	"状態": ColState, "ステータス": ColState, "state": ColState, "status": ColState,
}

// stateValues maps the accepted state words to "suspended".
var stateValues = map[string]bool{
	"有効": false, "利用中": false, "active": false, "0": false,
	"利用停止": true, "停止": true, "利用停止中": true, "suspended": true, "1": true,
}

// Row is one data line.
type Row struct {
	Line  int
	Input model.UserInput
	// Suspended is nil when the file has no state column or the cell is empty.
	Suspended *bool
	// Has tells which optional columns the file has: an existing user keeps
	// the fields of the columns the file lacks.
	Has Present
}

// Present is the set of optional columns a file has.
type Present struct{ Email, Phone, Group bool }

// LineError is a problem on one line; Err carries the catalog key, and Column
// the column at fault ("" for the whole line).
type LineError struct {
	Line   int
	Column Column
	Err    *model.Error
}

// Decode turns the file's bytes into UTF-8 text: a UTF-8 BOM is removed,
// valid UTF-8 is kept, anything else is read as Shift_JIS (Windows-31J).
func Decode(data []byte) (string, error) {
	if b, ok := bytes.CutPrefix(data, []byte{0xEF, 0xBB, 0xBF}); ok {
		if !utf8.Valid(b) {
			return "", errEncoding
		}
		return string(b), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, _, err := transform.Bytes(japanese.ShiftJIS.NewDecoder(), data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", errEncoding
	}
	return string(out), nil
}

var errEncoding = errors.New("unknown encoding")

// Read parses a users CSV. It returns the good rows and every line's problems
// (header and syntax problems included). A non-nil fatal error means the
// file could not be read as a CSV at all.
func Read(data []byte) (rows []Row, lineErrs []LineError, fatal *model.Error) {
	if len(data) > MaxBytes {
		return nil, nil, model.Invalid("csvBase64", "csv.too_large", map[string]any{"max": "16 MB"})
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, model.Invalid("csvBase64", "csv.empty", nil)
	}
	text, err := Decode(data)
	if err != nil {
		return nil, nil, model.Invalid("csvBase64", "csv.encoding", nil)
	}
	// Excel may use CRLF and leave a trailing empty line; csv.Reader copes
	// with both. A lone CR (old Mac) is normalized first.
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = false

	header, err := r.Read()
	if err != nil {
		return nil, nil, model.Invalid("csvBase64", "csv.syntax", map[string]any{"detail": syntaxDetail(err)})
	}
	cols := make([]Column, len(header))
	seen := map[Column]bool{}
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		c, ok := aliases[key]
		if !ok {
			if key == "" {
				continue // an empty trailing header cell: ignore the column
			}
			lineErrs = append(lineErrs, LineError{Line: 1, Err: model.Invalid("", "csv.header.unknown", map[string]any{"column": h})})
			continue
		}
		if seen[c] {
			lineErrs = append(lineErrs, LineError{Line: 1, Err: model.Invalid("", "csv.header.duplicate", map[string]any{"column": h})})
			continue
		}
		seen[c] = true
		cols[i] = c
	}
	for _, req := range []Column{ColCode, ColName} {
		if !seen[req] {
			lineErrs = append(lineErrs, LineError{Line: 1, Err: model.Invalid("", "csv.header.missing", map[string]any{"column": headerJA[req] + " / " + string(req)})})
		}
	}
	if len(lineErrs) > 0 {
		return nil, lineErrs, nil
	}

	firstLine := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			lineErrs = append(lineErrs, LineError{Line: line, Err: model.Invalid("", "csv.syntax", map[string]any{"detail": syntaxDetail(err)})})
			// A broken quote swallows the rest of the file; stop here.
			break
		}
		line, _ := r.FieldPos(0)
		if isBlank(rec) {
			continue
		}
		if len(rows)+len(lineErrs) >= MaxRows {
			return nil, nil, model.Invalid("csvBase64", "csv.too_many_rows", map[string]any{"max": MaxRows})
		}
		if len(rec) != len(header) {
			// Tolerate missing trailing empty cells (Excel drops them), but
			// not extra non-empty ones.
			if len(rec) > len(header) && !isBlank(rec[len(header):]) || len(rec) < countRequired(cols) {
				lineErrs = append(lineErrs, LineError{Line: line, Err: model.Invalid("", "csv.columns", map[string]any{"want": len(header), "got": len(rec)})})
				continue
			}
		}
		row := Row{Line: line, Has: Present{Email: seen[ColEmail], Phone: seen[ColPhone], Group: seen[ColGroup]}}
		var bad bool
		for i, c := range cols {
			if c == "" {
				continue
			}
			v := ""
			if i < len(rec) {
				// Our own exports neutralise formula-like cells ('=…);
				// take that apostrophe off again.
				v = csvcell.Unescape(rec[i])
			}
			switch c {
			case ColCode:
				row.Input.Code = v
			case ColName:
				row.Input.Name = v
			case ColEmail:
				row.Input.Email = v
			case ColPhone:
				row.Input.Phone = v
			case ColGroup:
				row.Input.Group = v
			case ColState:
				s := strings.ToLower(strings.TrimSpace(v))
				if s == "" {
					break
				}
				susp, ok := stateValues[s]
				if !ok {
					lineErrs = append(lineErrs, LineError{Line: line, Column: ColState, Err: model.Invalid("state", "user.state.invalid", map[string]any{"value": v})})
					bad = true
					break
				}
				row.Suspended = &susp
			}
		}
		row.Input = row.Input.Normalize()
		if verr := row.Input.Validate(); verr != nil {
			lineErrs = append(lineErrs, LineError{Line: line, Column: Column(verr.Field), Err: verr})
			bad = true
		}
		if row.Input.Code != "" {
			key := strings.ToLower(row.Input.Code)
			if first, dup := firstLine[key]; dup {
				lineErrs = append(lineErrs, LineError{Line: line, Column: ColCode, Err: model.Invalid("code", "csv.duplicate_code", map[string]any{"code": row.Input.Code, "first": first})})
				bad = true
			} else {
				firstLine[key] = line
			}
		}
		if !bad {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 && len(lineErrs) == 0 {
		return nil, nil, model.Invalid("csvBase64", "csv.no_rows", nil)
	}
	return rows, lineErrs, nil
}

func countRequired(cols []Column) int {
	last := 0
	for i, c := range cols {
		if c == ColCode || c == ColName {
			last = i + 1
		}
	}
	return last
}

func isBlank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func syntaxDetail(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Encoding is an export encoding.
type Encoding string

// Export encodings. UTF-8 carries a BOM so that Excel opens it correctly.
const (
	UTF8 Encoding = "utf8"
	SJIS Encoding = "sjis"
)

// Write writes users as CSV with the Japanese header (which Read accepts).
// stateWord gives the word written for the state column.
func Write(users []model.User, enc Encoding, stateWord func(suspended bool) string) ([]byte, error) {
	var buf bytes.Buffer
	// Cells that would start a formula are neutralised; Read undoes it.
	w := csvcell.NewWriter(&buf)
	header := make([]string, len(Columns))
	for i, c := range Columns {
		header[i] = headerJA[c]
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, u := range users {
		if err := w.Write([]string{u.Code, u.Name, u.Email, u.Phone, u.Group, stateWord(u.Suspended)}); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	switch enc {
	case SJIS:
		// Characters Shift_JIS lacks (emoji, some kanji variants) become '?',
		// as Excel does; UTF-8 is the lossless choice and the default.
		// The encoder writes SUB (0x1A) for them; 0x1A is never a Shift_JIS
		// trail byte, so it can be swapped for '?' safely.
		e := encoding.ReplaceUnsupported(japanese.ShiftJIS.NewEncoder())
		out, err := e.Bytes(buf.Bytes())
		return bytes.ReplaceAll(out, []byte{0x1A}, []byte{'?'}), err
	default:
		return append([]byte{0xEF, 0xBB, 0xBF}, buf.Bytes()...), nil
	}
}
