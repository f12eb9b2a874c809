package app

import "context"

// History reads the admin history (who changed what, when).
type History struct{ base }

// HistoryEntry is one admin action. Action is a stable code such as
// "user.suspend"; the UI translates it.
type HistoryEntry struct {
	ID         string `json:"id"`
	Time       string `json:"time"`
	Actor      string `json:"actor"`
	Action     string `json:"action"`
	TargetType string `json:"targetType"`
	Target     string `json:"target"`
	Detail     string `json:"detail"`
}

// HistoryListRequest pages through the history, optionally of one target
// type ("user", "settings", …).
type HistoryListRequest struct {
	TargetType string `json:"targetType,omitempty"`
	PageRequest
}

// HistoryPage is one page of history, newest first.
type HistoryPage struct {
	Items []HistoryEntry `json:"items"`
	Total int            `json:"total"`
}

// List returns one page of the admin history, newest first.
func (h *History) List(req HistoryListRequest) (HistoryPage, error) {
	_, size, offset, perr := req.PageRequest.offsetLimit()
	if perr != nil {
		return HistoryPage{}, h.fail(perr)
	}
	if err := checkSearch(searchField{"targetType", req.TargetType}); err != nil {
		return HistoryPage{}, h.fail(err)
	}
	rows, total, err := h.env.DB.ListHistory(context.Background(), req.TargetType, offset, size)
	if err != nil {
		return HistoryPage{}, h.fail(err)
	}
	items := make([]HistoryEntry, len(rows))
	for i, r := range rows {
		items[i] = HistoryEntry{ID: idString(r.ID), Time: timeString(r.Time), Actor: r.Actor, Action: r.Action,
			TargetType: r.TargetType, Target: r.Target, Detail: r.Detail}
	}
	return HistoryPage{Items: items, Total: total}, nil
}
