package app

import (
	"context"
	"net/netip"
	"sort"
	"strings"

	"sekisho/backend/model"
	"sekisho/backend/policy"
)

// IPRules manages the IP allow rules (SPEC section 3): when any rule is
// enabled, only clients inside an enabled rule may connect; when none is,
// everyone may.
type IPRules struct{ base }

// IPRule is a rule as the UI and the API see it.
type IPRule struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Address     string `json:"address"`
	Enabled     bool   `json:"enabled"`
}

func ruleDTO(r model.IPRule) IPRule {
	return IPRule{ID: idString(r.ID), Name: r.Name, Description: r.Description, Address: r.Address, Enabled: r.Enabled}
}

// IPRuleList is every rule, with what the server sees of this machine.
type IPRuleList struct {
	Items []IPRule `json:"items"`
	// Enforcing is true when at least one rule is enabled (allowlist mode).
	Enforcing bool `json:"enforcing"`
	// SelfAddresses are the addresses this machine reaches the portal and
	// gateway from (its LAN addresses, and 127.0.0.1 / ::1 when a listener
	// accepts loopback); ClientAddresses the
	// addresses currently connected to the gateway. Clients are seen by their
	// TCP peer address; X-Forwarded-For is never trusted.
	SelfAddresses   []string `json:"selfAddresses"`
	ClientAddresses []string `json:"clientAddresses"`
}

// List returns every rule.
func (s *IPRules) List(Empty) (IPRuleList, error) {
	rules, err := s.env.DB.ListIPRules(context.Background())
	if err != nil {
		return IPRuleList{}, s.fail(err)
	}
	out := IPRuleList{Items: make([]IPRule, len(rules)), SelfAddresses: addrStrings(s.env.localAddresses()),
		ClientAddresses: addrStrings(s.env.connectedClients())}
	for i, r := range rules {
		out.Items[i] = ruleDTO(r)
		out.Enforcing = out.Enforcing || r.Enabled
	}
	return out, nil
}

// Get returns one rule.
func (s *IPRules) Get(req IDRequest) (IPRule, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return IPRule{}, s.fail(perr)
	}
	r, err := s.env.DB.GetIPRule(context.Background(), id)
	return ruleDTO(r), s.fail(err)
}

// IPRuleCreateRequest is a new rule. Confirm accepts a lockout.
type IPRuleCreateRequest struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Address     string `json:"address"`
	Enabled     bool   `json:"enabled"`
	Confirm     bool   `json:"confirm,omitempty"`
}

// Create adds a rule. If it would cut off this machine or a connected
// client, it answers 409 "confirm" unless Confirm is set.
func (s *IPRules) Create(req IPRuleCreateRequest) (IPRule, error) {
	in, _, verr := model.IPRuleInput{Name: req.Name, Description: req.Description, Address: req.Address}.Validate()
	if verr != nil {
		return IPRule{}, s.fail(verr)
	}
	v, err := s.save(0, in, req.Enabled, req.Confirm)
	return v, s.fail(err)
}

// IPRuleUpdateRequest changes the fields it carries.
type IPRuleUpdateRequest struct {
	ID          string  `json:"id"`
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
	Address     *string `json:"address,omitempty"`
	Enabled     *bool   `json:"enabled,omitempty"`
	Confirm     bool    `json:"confirm,omitempty"`
}

// Update edits a rule, with the same lockout guard as Create.
func (s *IPRules) Update(req IPRuleUpdateRequest) (IPRule, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return IPRule{}, s.fail(perr)
	}
	old, err := s.env.DB.GetIPRule(context.Background(), id)
	if err != nil {
		return IPRule{}, s.fail(err)
	}
	in := model.IPRuleInput{Name: old.Name, Description: old.Description, Address: old.Address}
	enabled := old.Enabled
	if req.Name != nil {
		in.Name = *req.Name
	}
	if req.Description != nil {
		in.Description = *req.Description
	}
	if req.Address != nil {
		in.Address = *req.Address
	}
	if req.Enabled != nil {
		enabled = *req.Enabled
	}
	in, _, verr := in.Validate()
	if verr != nil {
		return IPRule{}, s.fail(verr)
	}
	v, err := s.save(id, in, enabled, req.Confirm)
	return v, s.fail(err)
}

func (s *IPRules) save(id int64, in model.IPRuleInput, enabled, confirm bool) (IPRule, error) {
	ctx := context.Background()
	if !confirm {
		p, _ := model.ParseRuleAddress(in.Address)
		cut, err := s.env.cutOff(ctx, id, &model.IPRule{ID: id, Prefix: p, Enabled: enabled})
		if err != nil {
			return IPRule{}, err
		}
		if err := lockoutError(cut); err != nil {
			return IPRule{}, err
		}
	}
	r, err := s.env.DB.SaveIPRule(ctx, s.env.Actor, id, in, enabled)
	if err != nil {
		return IPRule{}, err
	}
	s.env.changed()
	return ruleDTO(r), nil
}

// IPRuleDeleteRequest deletes a rule; Confirm accepts a lockout.
type IPRuleDeleteRequest struct {
	ID      string `json:"id"`
	Confirm bool   `json:"confirm,omitempty"`
}

// Delete removes a rule (deleting the last enabled rule lets everyone in;
// deleting one of several may cut some clients off, hence the guard).
func (s *IPRules) Delete(req IPRuleDeleteRequest) (Empty, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Empty{}, s.fail(perr)
	}
	ctx := context.Background()
	if _, err := s.env.DB.GetIPRule(ctx, id); err != nil {
		return Empty{}, s.fail(err)
	}
	if !req.Confirm {
		cut, err := s.env.cutOff(ctx, id, nil)
		if err != nil {
			return Empty{}, s.fail(err)
		}
		if err := lockoutError(cut); err != nil {
			return Empty{}, s.fail(err)
		}
	}
	if err := s.env.DB.DeleteIPRule(ctx, s.env.Actor, id); err != nil {
		return Empty{}, s.fail(err)
	}
	s.env.changed()
	return Empty{}, nil
}

// IPRulePreviewRequest describes a change without making it: a rule (id ""
// for a new one) and its future state, or Delete.
type IPRulePreviewRequest struct {
	ID      string `json:"id,omitempty"`
	Address string `json:"address,omitempty"`
	Enabled bool   `json:"enabled"`
	Delete  bool   `json:"delete,omitempty"`
}

// CutOffAddress is an address a change would deny.
type CutOffAddress struct {
	Address string `json:"address"`
	// Kind is "self" (this machine) or "client" (connected to the gateway).
	Kind string `json:"kind"`
}

// IPRulePreview says whom a change would cut off.
type IPRulePreview struct {
	CutOff []CutOffAddress `json:"cutOff"`
	// EnforcingAfter is true when the allowlist is on after the change.
	EnforcingAfter bool `json:"enforcingAfter"`
}

// Preview reports who would lose access if a change were made, so the UI can
// warn before the admin saves (the lockout guard).
func (s *IPRules) Preview(req IPRulePreviewRequest) (IPRulePreview, error) {
	var id int64
	if req.ID != "" {
		var perr *model.Error
		if id, perr = parseID("id", req.ID); perr != nil {
			return IPRulePreview{}, s.fail(perr)
		}
	}
	var change *model.IPRule
	if !req.Delete {
		p, perr := model.ParseRuleAddress(strings.TrimSpace(req.Address))
		if perr != nil {
			return IPRulePreview{}, s.fail(perr)
		}
		change = &model.IPRule{ID: id, Prefix: p, Enabled: req.Enabled}
	}
	ctx := context.Background()
	cut, err := s.env.cutOff(ctx, id, change)
	if err != nil {
		return IPRulePreview{}, s.fail(err)
	}
	rules, err := s.env.DB.ListIPRules(ctx)
	if err != nil {
		return IPRulePreview{}, s.fail(err)
	}
	after := applyChange(rules, id, change)
	out := IPRulePreview{CutOff: cut}
	for _, r := range after {
		out.EnforcingAfter = out.EnforcingAfter || r.Enabled
	}
	return out, nil
}

// applyChange returns rules with the rule id replaced by change (nil:
// removed; id 0: change added).
func applyChange(rules []model.IPRule, id int64, change *model.IPRule) []model.IPRule {
	out := make([]model.IPRule, 0, len(rules)+1)
	for _, r := range rules {
		if r.ID == id && id != 0 {
			continue
		}
		out = append(out, r)
	}
	if change != nil {
		out = append(out, *change)
	}
	return out
}

// Allows builds the allow function of a rule list: allowlist when any rule is
// enabled, else everyone.
func Allows(rules []model.IPRule) func(netip.Addr) bool {
	var ps []netip.Prefix
	for _, r := range rules {
		if r.Enabled {
			ps = append(ps, r.Prefix)
		}
	}
	if len(ps) == 0 {
		return func(netip.Addr) bool { return true }
	}
	set := policy.NewIPSet(ps)
	return set.Contains
}

// cutOff lists this machine's addresses and connected clients that are
// allowed now but would not be after the change.
func (e *Env) cutOff(ctx context.Context, id int64, change *model.IPRule) ([]CutOffAddress, error) {
	rules, err := e.DB.ListIPRules(ctx)
	if err != nil {
		return nil, err
	}
	before, after := Allows(rules), Allows(applyChange(rules, id, change))
	out := []CutOffAddress{}
	seen := map[netip.Addr]bool{}
	check := func(addrs []netip.Addr, kind string) {
		for _, a := range addrs {
			a = a.Unmap()
			if seen[a] {
				continue
			}
			seen[a] = true
			if before(a) && !after(a) {
				out = append(out, CutOffAddress{Address: a.String(), Kind: kind})
			}
		}
	}
	check(e.localAddresses(), "self")
	check(e.connectedClients(), "client")
	return out, nil
}

func lockoutError(cut []CutOffAddress) *model.Error {
	if len(cut) == 0 {
		return nil
	}
	addrs := make([]string, len(cut))
	for i, c := range cut {
		addrs[i] = c.Address
	}
	return &model.Error{Code: model.CodeConfirm, Key: "rule.lockout.confirm", Params: map[string]any{"addresses": strings.Join(addrs, ", ")}}
}

func addrStrings(as []netip.Addr) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Unmap().String()
	}
	sort.Strings(out)
	return out
}
