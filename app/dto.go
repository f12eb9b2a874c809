package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"sekisho/backend/model"
)

// Changed reports how many items a bulk action changed.
type Changed struct {
	Changed int `json:"changed"`
}

// Empty is the result of methods that return nothing.
type Empty struct{}

// IDRequest names one item.
type IDRequest struct {
	ID string `json:"id"`
}

// IDsRequest names several items.
type IDsRequest struct {
	IDs []string `json:"ids"`
}

// PageRequest asks for one page.
type PageRequest struct {
	Page     int `json:"page,omitempty"`
	PageSize int `json:"pageSize,omitempty"`
}

// DefaultPageSize is used when a request names none.
const DefaultPageSize = 20

// offsetLimit validates paging and returns the SQL offset and limit.
func (p PageRequest) offsetLimit() (page, size, offset int, err *model.Error) {
	page, size = p.Page, p.PageSize
	if page == 0 {
		page = 1
	}
	if size == 0 {
		size = DefaultPageSize
	}
	if page < 1 {
		return 0, 0, 0, model.Invalid("page", "field.page", nil)
	}
	if page > model.MaxPage {
		// (page-1)*size would overflow and wrap round to page 1.
		return 0, 0, 0, model.Invalid("page", "field.page_max", map[string]any{"max": model.MaxPage})
	}
	if !slices.Contains(model.PageSizes, size) {
		return 0, 0, 0, model.Invalid("pageSize", "field.page_size", nil)
	}
	return page, size, (page - 1) * size, nil
}

// searchField is one free-text filter of a list request: its JSON name and
// value.
type searchField struct{ name, value string }

// checkSearch checks a list's free-text filters (the search box, name, code
// and other text filters), all with the same limit, and names the first
// field at fault. Every list request calls it before querying.
func checkSearch(fields ...searchField) *model.Error {
	for _, f := range fields {
		if err := model.CheckSearch(f.name, f.value); err != nil {
			return err
		}
	}
	return nil
}

func parseID(field, s string) (int64, *model.Error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Invalid(field, "field.id_invalid", map[string]any{"value": s})
	}
	return id, nil
}

func parseIDs(ids []string) ([]int64, *model.Error) {
	if len(ids) == 0 {
		return nil, model.Invalid("ids", "field.ids_required", nil)
	}
	out := make([]int64, len(ids))
	for i, s := range ids {
		id, err := parseID("ids", s)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// timeString formats a time as RFC 3339 in UTC ("" for the zero time).
func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
