// Package csvcell writes CSV files that spreadsheets open as data, never as
// formulas (CSV or formula injection, OWASP; ASVS 5.0 requirement 1.2.10).
// Every CSV export goes through NewWriter, and every CSV import reads its
// cells back through Unescape, so an export imports back unchanged.
package csvcell

import (
	"encoding/csv"
	"io"
	"strings"
)

// triggers are the first characters that make Excel, LibreOffice Calc or
// Google Sheets read a cell as a formula (= + - @), or that they strip
// before doing so (tab, CR, LF, NUL).
const triggers = "=+-@\t\r\n\x00"

// needsQuote reports whether s, after any leading apostrophes, starts with a
// trigger: those cells get one more apostrophe on the way out.
func needsQuote(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && strings.IndexByte(triggers, rest[0]) >= 0
}

// Escape neutralises one cell the OWASP way: a cell that would start a
// formula gets an apostrophe in front ('=HYPERLINK(…) stays text). A cell
// that is apostrophes followed by a trigger gets one too, so that Unescape
// can tell the added apostrophe from one that was there: the mapping is
// one-to-one and every other cell is left alone.
func Escape(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// Unescape undoes Escape: it removes the apostrophe Escape added. Cells that
// Escape would not have produced (a plain "'abc" someone typed) are left
// alone.
func Unescape(s string) string {
	if strings.HasPrefix(s, "'") && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// Writer is a csv.Writer that escapes every cell and ends lines with CRLF,
// as Excel does.
type Writer struct{ w *csv.Writer }

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{w: cw}
}

// Write writes one record, each cell escaped.
func (w *Writer) Write(record []string) error {
	out := make([]string, len(record))
	for i, s := range record {
		out[i] = Escape(s)
	}
	return w.w.Write(out)
}

// Flush writes any buffered data; Error reports a failure.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
